package io.github.camelpop3ingest.invoice;

import java.io.InputStream;
import java.nio.file.Files;

import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Peppol invoice that credits by negative amounts instead of being a credit note keeps every minus sign and every
 * digit, because totals are copied as text and never parsed.
 */
class CreditNoteNegativeAmountsTest {

    @Test
    void negativeDkkInvoiceKeepsItsMinusSigns() throws Exception {
        Invoice invoice;
        try (InputStream in = Files.newInputStream(CorpusManifest.invoicesDir().resolve("ubl_peppol_negative_dkk.XML"))) {
            invoice = new XmlInvoiceReader().read(in, "ubl_peppol_negative_dkk.XML").orElseThrow();
        }

        assertThat(invoice.format()).isEqualTo(Invoice.UBL_INVOICE);
        assertThat(invoice.typeCode()).isEqualTo("380");
        assertThat(invoice.currency()).isEqualTo("DKK");
        assertThat(invoice.totals()).isEqualTo(
                new InvoiceTotals("-625743.54", "-156435.89", "-782179.43", null, "-782179.43"));
        assertThat(invoice.problems()).isEmpty();
    }
}
