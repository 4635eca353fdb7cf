package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The syntax is told from the root element alone, whatever precedes it (byte order mark, whitespace, declaration,
 * comments, processing instructions) and in any encoding, also from a head that stops right after the root tag.
 */
class SniffTest {

    private static final String CII_ROOT = "<rsm:CrossIndustryInvoice"
            + " xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">";

    @Test
    void plainRoots() {
        assertThat(XmlInvoiceReader.sniff(utf8("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>")))
                .contains(InvoiceSyntax.UBL_INVOICE);
        assertThat(XmlInvoiceReader.sniff(utf8("<cn:CreditNote xmlns:cn=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"/>")))
                .contains(InvoiceSyntax.UBL_CREDIT_NOTE);
        assertThat(XmlInvoiceReader.sniff(utf8("<rsm:CrossIndustryDocument xmlns:rsm=\"urn:ferd:CrossIndustryDocument:invoice:1p0\">")))
                .contains(InvoiceSyntax.ZUGFERD_1);
    }

    @Test
    void byteOrderMarkAndWhitespaceBeforeTheDeclaration() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = utf8(" \r\n\t<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + CII_ROOT);

        assertThat(XmlInvoiceReader.sniff(concat(bom, text))).contains(InvoiceSyntax.CII);
        assertThat(XmlInvoiceReader.sniff(text)).contains(InvoiceSyntax.CII);
    }

    @Test
    void utf16WithByteOrderMark() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" + CII_ROOT + "</rsm:CrossIndustryInvoice>";

        // Java's UTF-16 encoder writes a big-endian byte order mark; the little-endian one is written by hand.
        assertThat(XmlInvoiceReader.sniff(xml.getBytes(StandardCharsets.UTF_16))).contains(InvoiceSyntax.CII);
        byte[] le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, ("  " + xml).getBytes(StandardCharsets.UTF_16LE));
        assertThat(XmlInvoiceReader.sniff(le)).contains(InvoiceSyntax.CII);
    }

    @Test
    void declaredSingleByteEncoding() {
        String xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><!-- Grüße -->" + CII_ROOT;

        assertThat(XmlInvoiceReader.sniff(xml.getBytes(Charset.forName("ISO-8859-1")))).contains(InvoiceSyntax.CII);
    }

    @Test
    void commentsAndProcessingInstructionBeforeTheRoot() {
        String xml = "<?xml version=\"1.0\"?>\n<!-- <Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"> -->\n"
                + "<?xml-stylesheet href=\"x.xsl\"?>\n<!-- licence -->\n" + CII_ROOT;

        assertThat(XmlInvoiceReader.sniff(utf8(xml))).contains(InvoiceSyntax.CII);
        assertThat(XmlInvoiceReader.looksLikeInvoice(utf8(xml))).isTrue();
    }

    @Test
    void headCutAfterTheRootTagIsEnough() {
        byte[] head = utf8(CII_ROOT + "<rsm:ExchangedDocumentContext><ram:Gui");

        assertThat(XmlInvoiceReader.sniff(head)).contains(InvoiceSyntax.CII);
    }

    @Test
    void otherRootsAndNonXmlAreNoInvoice() {
        assertThat(XmlInvoiceReader.looksLikeInvoice(utf8("<Invoice/>"))).isFalse();
        assertThat(XmlInvoiceReader.looksLikeInvoice(utf8("<x:Invoice xmlns:x=\"urn:example:invoice\"/>"))).isFalse();
        assertThat(XmlInvoiceReader.looksLikeInvoice(utf8("<html><body>Invoice</body></html>"))).isFalse();
        assertThat(XmlInvoiceReader.looksLikeInvoice(utf8("%PDF-1.4\n%âãÏÓ"))).isFalse();
        assertThat(XmlInvoiceReader.looksLikeInvoice(new byte[0])).isFalse();
        assertThat(XmlInvoiceReader.looksLikeInvoice(utf8("<!-- only a comment"))).isFalse();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
