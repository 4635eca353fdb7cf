package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a small heap an XML document is held in memory only up to an eighth of the heap, below the configured maxBytes,
 * and a larger one is a problem naming that bound instead of an OutOfMemoryError.
 */
class XmlHeapShareTest {

    private static final long HEAP_64_MB = 64L * 1024 * 1024;

    private final XmlInvoiceReader reader = new XmlInvoiceReader(XmlLimits.defaults(), new HeapShare(HEAP_64_MB));

    @Test
    void twentyMegabyteInvoiceUnderA64MegabyteHeapIsRefused() {
        byte[] xml = HostileInvoices.invoiceOfSize(1, 20 * 1024 * 1024 - 4096);

        Invoice invoice = reader.read(new ByteArrayInputStream(xml), "large.xml").orElseThrow();

        assertThat(invoice.format()).isEqualTo(Invoice.UBL_INVOICE);
        assertThat(invoice.problems()).containsExactly(
                "document is too large for memory and was not read (more than 8388608 bytes with this heap)");
    }

    @Test
    void documentInMemoryIsBoundTheSameWay() {
        byte[] xml = HostileInvoices.invoiceOfSize(1, 8 * 1024 * 1024 + 1);

        assertThat(reader.read(xml, "entry.xml").orElseThrow().problems()).containsExactly(
                "document is too large for memory and was not read (more than 8388608 bytes with this heap)");
    }

    @Test
    void invoiceWithinTheShareIsRead() {
        byte[] xml = HostileInvoices.invoiceOfSize(7, 8 * 1024 * 1024);

        Invoice invoice = reader.read(new ByteArrayInputStream(xml), "fits.xml").orElseThrow();

        assertThat(invoice.number()).isEqualTo("HOSTILE-7");
        assertThat(invoice.totals().payable()).isEqualTo("100.00");
    }

    @Test
    void onALargeHeapTheConfiguredLimitIsNamed() {
        XmlInvoiceReader large = new XmlInvoiceReader(XmlLimits.defaults().withMaxBytes(1024),
                new HeapShare(HEAP_64_MB));

        Invoice invoice = large.read(new ByteArrayInputStream(HostileInvoices.invoiceOfSize(1, 2048)), "big.xml")
                .orElseThrow();

        assertThat(invoice.problems()).containsExactly("document is larger than 1024 bytes and was not read");
    }
}
