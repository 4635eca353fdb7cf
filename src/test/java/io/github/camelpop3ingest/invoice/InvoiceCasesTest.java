package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.testing.CorpusManifest;
import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.MailBuilder;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invoice cases a real mailbox brings, each mailed through POP3S and read back from envelope.json.
 */
class InvoiceCasesTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    private byte[] ubl;
    private byte[] facturX;

    @BeforeEach
    void readSamples() throws Exception {
        ubl = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("ubl_en16931_example1_eur.xml"));
        facturX = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("fx_en16931_weclapp.pdf"));
    }

    private Map<String, JsonNode> drain(int expectedMessages) throws Exception {
        ArchiveWriter writer = new ArchiveWriter(tmp.resolve("archive"));
        writer.setInvoiceRecognizer(new InvoiceRecognizer());
        writer.setInvoiceDuplicates(new InvoiceDuplicates(tmp.resolve("state")));
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                + "&delay=60000&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, writer, null, null)) {
            assertThat(intake.awaitPolls(1).processed()).isEqualTo(expectedMessages);
        }
        return InvoiceCorpusThroughPop3Test.envelopesBySubject(tmp.resolve("archive"));
    }

    @Test
    void pdfAndXmlOfTheSameInvoiceInOneMailCountOnce() throws Exception {
        byte[] xml = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("zf_two_xml_attachments.pdf"));
        server.deliver(new MailBuilder("both").attach("invoice.pdf", "application/pdf", xml).build());
        JsonNode envelope = drain(1).get("both");
        assertThat(envelope.get("invoices")).hasSize(1);
    }

    @Test
    void resendInALaterMailIsKeptButFlaggedAsDuplicateOfTheFirst() throws Exception {
        server.deliver(new MailBuilder("first").attach("12115118.xml", "application/xml", ubl).build());
        server.deliver(new MailBuilder("resend").attach("12115118.xml", "application/xml", ubl).build());
        Map<String, JsonNode> envelopes = drain(2);
        JsonNode first = envelopes.get("first").get("invoices").get(0);
        JsonNode resend = envelopes.get("resend").get("invoices").get(0);
        assertThat(first.get("duplicateOf").isNull()).isTrue();
        assertThat(resend.get("duplicateOf").asText()).isEqualTo(server.account() + "#" + envelopes.get("first").get("uidl").asText());
        assertThat(resend.get("number").asText()).isEqualTo("12115118");
    }

    @Test
    void invoiceInsideAZipIsFound() throws Exception {
        server.deliver(new MailBuilder("zipped").attach("invoices.zip", "application/zip",
                zip(Map.of("2024/12115118.xml", ubl, "readme.txt", "hello".getBytes(StandardCharsets.UTF_8)))).build());
        JsonNode invoice = drain(1).get("zipped").get("invoices").get(0);
        assertThat(invoice.get("number").asText()).isEqualTo("12115118");
        assertThat(invoice.get("path").asText()).endsWith("invoices.zip!/2024/12115118.xml");
    }

    @Test
    void zipBombIsRecordedAsAProblemAndTheMailArchived() throws Exception {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bomb)) {
            zip.putNextEntry(new ZipEntry("zeros.xml"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        server.deliver(new MailBuilder("bomb").attach("bomb.zip", "application/zip", bomb.toByteArray()).build());
        JsonNode envelope = drain(1).get("bomb");
        assertThat(envelope.get("invoices")).isEmpty();
        assertThat(envelope.get("problems").toString()).contains("zip bomb");
    }

    @Test
    void xmlSentAsOctetStreamWithABinNameIsRecognized() throws Exception {
        server.deliver(new MailBuilder("bin").attach("document.bin", "application/octet-stream", ubl).build());
        assertThat(drain(1).get("bin").get("invoices").get(0).get("number").asText()).isEqualTo("12115118");
    }

    @Test
    void creditNoteKeepsItsNegativeAmounts() throws Exception {
        byte[] credit = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("ubl_peppol_negative_dkk.XML"));
        server.deliver(new MailBuilder("negative").attach("credit.xml", "text/xml", credit).build());
        JsonNode totals = drain(1).get("negative").get("invoices").get(0).get("totals");
        assertThat(totals.get("payable").asText()).startsWith("-");
    }

    @Test
    void malformedXmlThatLooksLikeAnInvoiceIsAProblemAndTheMailIsArchived() throws Exception {
        String broken = new String(ubl, StandardCharsets.UTF_8);
        broken = broken.substring(0, broken.length() / 2);
        server.deliver(new MailBuilder("broken").attach("invoice.xml", "application/xml",
                broken.getBytes(StandardCharsets.UTF_8)).attach("factur-x.pdf", "application/pdf", facturX).build());
        JsonNode envelope = drain(1).get("broken");
        JsonNode invoices = envelope.get("invoices");
        assertThat(invoices.toString()).contains("not well-formed XML");
        assertThat(invoices.toString()).contains("RE1001");
    }

    private static byte[] zip(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
