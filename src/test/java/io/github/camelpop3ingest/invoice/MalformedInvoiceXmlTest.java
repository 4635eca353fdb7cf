package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input never throws: an invoice root with broken or hostile XML yields an invoice of the sniffed format whose
 * problems say why, and XML that is no invoice yields nothing.
 */
class MalformedInvoiceXmlTest {

    private static final String UBL_ROOT = "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\""
            + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">";

    @Test
    void brokenXmlUnderAnInvoiceRootIsAProblem() {
        Invoice invoice = read(UBL_ROOT + "<cbc:ID>4711</cbc:ID><cbc:IssueDate>2024-01-02</cbc:Issue").orElseThrow();

        assertThat(invoice.format()).isEqualTo(Invoice.UBL_INVOICE);
        assertThat(invoice.number()).isNull();
        assertThat(invoice.path()).isEqualTo("broken.xml");
        assertThat(invoice.needsReview()).isTrue();
        assertThat(invoice.problems()).singleElement().asString().startsWith("not well-formed XML: ");
    }

    @Test
    void truncatedCiiIsAProblem() {
        Invoice invoice = read("<?xml version=\"1.0\"?>\n<rsm:CrossIndustryInvoice"
                + " xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">\n<rsm:Exch").orElseThrow();

        assertThat(invoice.format()).isEqualTo(Invoice.CII);
        assertThat(invoice.problems()).singleElement().asString().startsWith("not well-formed XML: ");
    }

    @Test
    void doctypeWithAnExternalEntityIsRefused() {
        Invoice invoice = read("<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + UBL_ROOT + "<cbc:ID>&xxe;</cbc:ID></Invoice>").orElseThrow();

        assertThat(invoice.format()).isEqualTo(Invoice.UBL_INVOICE);
        assertThat(invoice.number()).isNull();
        assertThat(invoice.problems()).singleElement().asString().startsWith("refused XML: DOCTYPE");
    }

    @Test
    void wellFormedButEmptyInvoiceListsTheMissingFields() {
        Invoice invoice = read(UBL_ROOT + "<cbc:IssueDate>2024-02-30</cbc:IssueDate></Invoice>").orElseThrow();

        assertThat(invoice.problems()).contains("issueDate: '2024-02-30' is not a valid date",
                "number (BT-1) is missing", "payable amount (BT-115) is missing");
        assertThat(invoice.needsReview()).isTrue();
    }

    @Test
    void amountThatIsNotAPlainDecimalIsAProblem() {
        Invoice invoice = read(UBL_ROOT.replace(">", " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:"
                + "CommonAggregateComponents-2\">") + "<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID=\"EUR\">"
                + "1.234,50</cbc:PayableAmount></cac:LegalMonetaryTotal></Invoice>").orElseThrow();

        assertThat(invoice.totals()).isNull();
        assertThat(invoice.problems()).contains("payable: '1.234,50' is not a plain decimal amount");
    }

    @Test
    void documentOverTheSizeLimitIsAProblem() {
        byte[] big = (UBL_ROOT + "<cbc:Note>" + "x".repeat(2000) + "</cbc:Note></Invoice>")
                .getBytes(StandardCharsets.UTF_8);

        Invoice invoice = new XmlInvoiceReader(1024).read(new ByteArrayInputStream(big), "big.xml").orElseThrow();

        assertThat(invoice.format()).isEqualTo(Invoice.UBL_INVOICE);
        assertThat(invoice.problems()).containsExactly("document is larger than 1024 bytes and was not read");
    }

    @Test
    void xmlThatIsNoInvoiceYieldsNothing() {
        assertThat(read("<?xml version=\"1.0\"?><Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>"))
                .isEmpty();
        assertThat(read("<Invoice><ID>1</ID></Invoice>")).as("right name, no namespace").isEmpty();
        assertThat(read("%PDF-1.7 not xml at all")).isEmpty();
        assertThat(read("")).isEmpty();
    }

    private static Optional<Invoice> read(String xml) {
        return new XmlInvoiceReader().read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "broken.xml");
    }
}
