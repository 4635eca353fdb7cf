package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An XML invoice nested deeper than maxDepth is refused with the same problem whether it is small (the DOM parser
 * stops at the limit) or large enough to be counted first; the DOM's text look-ups would otherwise recurse into it
 * until the stack overflows.
 */
class DeepInvoiceTest {

    private static final String TOO_DEEP = "document nests elements at least 101 deep, more than maxDepth 100, and was"
            + " not read";

    @Test
    void smallDeepDocumentIsRefusedByTheParser() {
        byte[] xml = HostileInvoices.deepUbl(5_000);

        assertThat(XmlNodeCounter.needsCounting(xml.length, XmlLimits.defaults())).as("too small to be counted")
                .isFalse();
        assertThat(read(xml).problems()).containsExactly(TOO_DEEP);
    }

    @Test
    void largeDeepDocumentIsRefusedByTheCount() {
        byte[] xml = HostileInvoices.deepUbl(1_000_000);

        assertThat(XmlNodeCounter.needsCounting(xml.length, XmlLimits.defaults())).as("large enough to be counted")
                .isTrue();
        assertThat(read(xml).problems()).containsExactly(TOO_DEEP);
    }

    @Test
    void documentAtMaxDepthIsRead() {
        // The root is at depth 1, so 99 nested elements reach depth 100.
        Invoice invoice = read(HostileInvoices.deepUbl(99));

        assertThat(invoice.problems()).doesNotContain(TOO_DEEP).contains("number (BT-1) is missing");
    }

    private static Invoice read(byte[] xml) {
        return new XmlInvoiceReader().read(new ByteArrayInputStream(xml), "deep.xml").orElseThrow();
    }
}
