package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * maxNodes counts every element and attribute, namespace declarations included: a document of exactly that many is
 * read, one more is refused with the count.
 */
class XmlNodeLimitTest {

    private final XmlInvoiceReader reader = new XmlInvoiceReader(
            new XmlLimits(XmlLimits.DEFAULT_MAX_BYTES, 100, XmlLimits.DEFAULT_MAX_DEPTH));

    @Test
    void documentWithExactlyMaxNodesIsRead() {
        // The root element and its xmlns attribute make two nodes.
        Invoice invoice = read(HostileInvoices.manyElementsUbl(98));

        assertThat(invoice.problems()).noneMatch(problem -> problem.contains("maxNodes"))
                .contains("number (BT-1) is missing");
    }

    @Test
    void oneNodeMoreIsRefusedNamingTheLimitAndTheCount() {
        Invoice invoice = read(HostileInvoices.manyElementsUbl(99));

        assertThat(invoice.problems()).containsExactly(
                "document has 101 nodes (elements, attributes, comments), more than maxNodes 100, and was not read");
    }

    private Invoice read(byte[] xml) {
        return reader.read(new ByteArrayInputStream(xml), "nodes.xml").orElseThrow();
    }
}
