package io.github.camelpop3ingest.invoice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.camelpop3ingest.mime.EnvelopePart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ZIP of issue 12 in small: each XML entry with more nodes than the recognizer's XML limits allow becomes an
 * unreadable invoice of its own, found entry by entry, under the limits given by {@code setXmlLimits}.
 */
class ZipOfDenseInvoicesTest {

    @TempDir
    Path folder;

    @Test
    void everyEntryOverMaxNodesIsAnUnreadableInvoice() throws Exception {
        // One element per 30 bytes: about 35,000 in each 1 MB entry.
        byte[] zip = HostileInvoices.zipOfXml(5, 1024 * 1024);
        Files.write(folder.resolve("bundle.zip"), zip);
        InvoiceRecognizer recognizer = new InvoiceRecognizer();
        recognizer.setXmlLimits(new XmlLimits(XmlLimits.DEFAULT_MAX_BYTES, 10_000, XmlLimits.DEFAULT_MAX_DEPTH));

        InvoiceRecognizer.Result result = recognizer.recognize(folder, envelope("bundle.zip", zip.length));

        assertThat(result.problems()).isEmpty();
        assertThat(result.invoices()).extracting(Invoice::path).containsExactly("bundle.zip!/invoice-1.xml",
                "bundle.zip!/invoice-2.xml", "bundle.zip!/invoice-3.xml", "bundle.zip!/invoice-4.xml",
                "bundle.zip!/invoice-5.xml");
        assertThat(result.invoices()).allSatisfy(invoice -> {
            assertThat(invoice.format()).isEqualTo(Invoice.UBL_INVOICE);
            assertThat(invoice.number()).isNull();
            assertThat(invoice.problems()).singleElement().asString().startsWith("document has ")
                    .endsWith(" nodes (elements, attributes, comments), more than maxNodes 10000, and was not read");
        });
    }

    private static Envelope envelope(String fileName, long size) {
        EnvelopePart part = new EnvelopePart(fileName, fileName, "application/zip", null, "attachment", size, null,
                null, true, List.of());
        return new Envelope(Envelope.SCHEMA_VERSION, "test", "uidl-1", "<1@test>", List.of(), List.of(), List.of(),
                List.of(), "five invoices", null, null, size, null, List.of(part), List.of());
    }
}
