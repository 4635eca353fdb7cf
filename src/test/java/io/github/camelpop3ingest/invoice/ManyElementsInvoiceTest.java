package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An XML invoice of 20 MB made of five million tiny elements is refused by counting its nodes, before any DOM is built:
 * its DOM alone would need about a gigabyte.
 */
class ManyElementsInvoiceTest {

    @Test
    void twentyMegabytesOfTinyElementsAreCountedAndRefused() {
        byte[] xml = HostileInvoices.manyElementsUbl(5_000_000);

        long start = System.nanoTime();
        Invoice invoice = new XmlInvoiceReader().read(new ByteArrayInputStream(xml), "many.xml").orElseThrow();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(invoice.format()).isEqualTo(Invoice.UBL_INVOICE);
        assertThat(invoice.needsReview()).isTrue();
        // The root, its namespace declaration and the five million elements, counted to the end.
        assertThat(invoice.problems()).containsExactly("document has 5000002 nodes (elements, attributes, comments),"
                + " more than maxNodes 200000, and was not read");
        // Building the DOM took over 3 s and a gigabyte; counting takes a fraction of a second.
        assertThat(took).isLessThan(Duration.ofSeconds(3));
    }
}
