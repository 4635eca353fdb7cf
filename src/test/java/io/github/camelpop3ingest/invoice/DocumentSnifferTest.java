package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sniffer decides PDF, ZIP and XML by content, whatever the name and content type claim. */
class DocumentSnifferTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void pdfNamedBinSentAsOctetStreamIsPdf() {
        assertThat(DocumentSniffer.sniff(ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj"), "scan0001.bin",
                "application/octet-stream")).isEqualTo(DocumentKind.PDF);
    }

    @Test
    void pdfHeaderAfterLeadingJunkIsPdf() {
        assertThat(DocumentSniffer.sniff(ascii("\r\n\r\nJUNK%PDF-1.4\n"), "x", null)).isEqualTo(DocumentKind.PDF);
    }

    @Test
    void xmlWithUtf8BomAndWhitespaceIsXml() {
        byte[] xml = ascii("\u00ef\u00bb\u00bf \r\n<?xml version=\"1.0\"?><Invoice/>");
        assertThat(DocumentSniffer.sniff(xml, "invoice.txt", "text/plain")).isEqualTo(DocumentKind.XML);
    }

    @Test
    void xmlInUtf16WithEitherBomIsXml() {
        assertThat(DocumentSniffer.sniff("\uFEFF<?xml version=\"1.0\"?>".getBytes(StandardCharsets.UTF_16BE), "a",
                null)).isEqualTo(DocumentKind.XML);
        assertThat(DocumentSniffer.sniff("\uFEFF<?xml version=\"1.0\"?>".getBytes(StandardCharsets.UTF_16LE), "a",
                null)).isEqualTo(DocumentKind.XML);
    }

    @Test
    void zipMagicIsZipWhateverTheName() {
        assertThat(DocumentSniffer.sniff(new byte[] {'P', 'K', 3, 4, 20, 0}, "invoice.xml", "application/xml"))
                .isEqualTo(DocumentKind.ZIP);
    }

    @Test
    void contentDecidesOverAPdfNameAndType() {
        assertThat(DocumentSniffer.sniff(ascii("Hello, this is not a PDF"), "invoice.pdf", "application/pdf"))
                .isEqualTo(DocumentKind.OTHER);
        assertThat(DocumentSniffer.sniff(ascii("<Invoice/>"), "invoice.pdf", "application/pdf"))
                .isEqualTo(DocumentKind.XML);
    }

    @Test
    void nameAndTypeDecideOnlyWithoutContent() {
        assertThat(DocumentSniffer.sniff(new byte[0], "INVOICE.PDF", null)).isEqualTo(DocumentKind.PDF);
        assertThat(DocumentSniffer.sniff(null, null, "application/xml; charset=UTF-8")).isEqualTo(DocumentKind.XML);
        assertThat(DocumentSniffer.sniff(ascii("  \n"), "x.bin", null)).isEqualTo(DocumentKind.OTHER);
    }
}
