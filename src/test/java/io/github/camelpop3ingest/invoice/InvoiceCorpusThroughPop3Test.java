package io.github.camelpop3ingest.invoice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.testing.CorpusManifest;
import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.MailBuilder;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of the shared invoice corpus, mailed as a real attachment (sent as application/octet-stream, as many
 * ERP systems do) through a POP3S server, ends up in envelope.json as an invoice with the manifest's values, or as a
 * candidate that needs review when it is a PDF without structured data.
 */
class InvoiceCorpusThroughPop3Test {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    @Test
    void everyCorpusInvoiceIsRecognizedEndToEnd() throws Exception {
        List<CorpusManifest.Row> rows = CorpusManifest.invoiceRows();
        for (CorpusManifest.Row row : rows) {
            byte[] content = Files.readAllBytes(CorpusManifest.invoicesDir().resolve(row.get("file")));
            server.deliver(new MailBuilder(row.get("file")).attach(row.get("file"), "application/octet-stream", content)
                    .build());
        }
        ArchiveWriter writer = new ArchiveWriter(tmp.resolve("archive"));
        writer.setInvoiceRecognizer(new InvoiceRecognizer());
        writer.setInvoiceDuplicates(new InvoiceDuplicates(tmp.resolve("state")));
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                + "&delay=60000&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, writer, null, null)) {
            assertThat(intake.awaitPolls(1).processed()).isEqualTo(rows.size());
        }
        Map<String, JsonNode> bySubject = envelopesBySubject(tmp.resolve("archive"));
        assertThat(bySubject).hasSize(rows.size());
        for (CorpusManifest.Row row : rows) {
            JsonNode envelope = bySubject.get(row.get("file"));
            JsonNode invoices = envelope.get("invoices");
            assertThat(invoices).as(row.get("file")).hasSize(1);
            JsonNode invoice = invoices.get(0);
            if (row.get("embedded_xml_name").equals("(none)")) {
                // A PDF without embedded XML; its text layer is not read (no OCR, no text extraction).
                assertThat(invoice.get("needsReview").asBoolean()).as(row.get("file")).isTrue();
                assertThat(invoice.get("format").asText()).isEqualTo(Invoice.PDF_CANDIDATE);
                continue;
            }
            assertThat(invoice.get("number").asText()).as(row.get("file")).isEqualTo(row.get("invoice_number"));
            assertThat(invoice.get("issueDate").asText()).as(row.get("file")).isEqualTo(row.get("issue_date"));
            assertThat(invoice.get("currency").asText()).as(row.get("file")).isEqualTo(row.get("currency"));
            assertThat(invoice.get("typeCode").asText()).as(row.get("file")).isEqualTo(row.get("document_type_code"));
            assertThat(invoice.get("totals").get("payable").asText()).as(row.get("file"))
                    .isEqualTo(row.get("payable_amount"));
            assertThat(invoice.get("duplicateOf").isNull()).isTrue();
        }
    }

    static Map<String, JsonNode> envelopesBySubject(Path archive) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(archive)) {
            return files.filter(p -> p.getFileName().toString().equals("envelope.json")).map(p -> {
                try {
                    return json.readTree(p.toFile());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toMap(n -> n.get("subject").asText(), n -> n));
        }
    }
}
