package io.github.camelpop3ingest.invoice;

import java.io.InputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A ZUGFeRD 1.0 document (older UN/CEFACT namespaces and container names) reads into the same record as CII. */
class Zugferd1ReaderTest {

    @Test
    void readsTheComfortFixture() throws Exception {
        Invoice invoice;
        try (InputStream in = Zugferd1ReaderTest.class.getResourceAsStream("/invoice/zugferd1-comfort.xml")) {
            invoice = new XmlInvoiceReader().read(in, "zugferd1-comfort.xml").orElseThrow();
        }

        assertThat(invoice.format()).isEqualTo(Invoice.ZUGFERD_1);
        assertThat(invoice.customizationId()).isEqualTo("urn:ferd:CrossIndustryDocument:invoice:1p0:comfort");
        assertThat(invoice.profile()).isEqualTo("ZUGFERD 1 COMFORT");
        assertThat(invoice.typeCode()).isEqualTo("380");
        assertThat(invoice.number()).isEqualTo("ZF1-0042");
        assertThat(invoice.issueDate()).isEqualTo("2015-02-28");
        assertThat(invoice.dueDate()).isEqualTo("2015-03-30");
        assertThat(invoice.currency()).isEqualTo("EUR");
        assertThat(invoice.seller()).isEqualTo(new InvoiceParty("Beispielwerk Süd GmbH", "DE999999999", "4000001000005"));
        assertThat(invoice.buyer()).isEqualTo(new InvoiceParty("Musterkunde AG", null, "K-77"));
        assertThat(invoice.totals()).isEqualTo(new InvoiceTotals("200.00", "38.00", "238.00", "50.00", "188.00"));
        assertThat(invoice.lineCount()).isEqualTo(2);
        assertThat(invoice.problems()).isEmpty();
        assertThat(invoice.needsReview()).isFalse();
    }
}
