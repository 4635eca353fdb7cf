package io.github.camelpop3ingest.main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.invoice.HostileInvoices;
import io.github.camelpop3ingest.invoice.HostilePdfs;
import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.HostileMails;
import io.github.camelpop3ingest.testing.MainJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small crafted mails, each within the documented limits, that once stopped the mailbox, through the main job under
 * a small heap against a real Dovecot (which stores them as they are; GreenMail parses them itself and cannot): with
 * the default limits each is archived with its problem and nothing else happens to it; with the limits raised past
 * what the heap and stack hold, each becomes a poison message, archived and quarantined. Either way the mails before
 * and after it are archived, a second run fetches nothing, and only the quarantined ones are held.
 */
class MainJobHostileMailIT {

    /** The heap the issue found the crafted mails exhausting; the poison test goes down to the 200 MB test's heap. */
    private static final String HEAP = "-Xmx256m";
    private static final String SMALL_HEAP = "-Xmx128m";
    private static final int JUST_UNDER_20_MB = 20 * 1024 * 1024 - 1024;
    private static final String LONG_NUMBER = "N".repeat(5_000);

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path work;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void withTheDefaultLimitsEachCraftedMailIsArchivedWithItsProblem() throws Exception {
        dovecot.deliver(HostileMails.plain("before"));
        dovecot.deliver(HostileMails.nestedMultiparts(50_000, "deep"));
        dovecot.deliver(HostileMails.ublInvoice("long number", LONG_NUMBER));
        dovecot.deliver(HostileMails.ublInvoice("normal one", "INV-1"));
        dovecot.deliver(HostileMails.ublInvoice("normal two", "INV-2"));
        dovecot.deliver(HostileMails.withAttachment("many elements", "invoice.xml", "application/xml",
                HostileInvoices.manyElementsUbl(5_000_000)));
        dovecot.deliver(HostileMails.withAttachment("zip of five", "invoices.zip", "application/zip",
                HostileInvoices.zipOfXml(5, JUST_UNDER_20_MB)));
        dovecot.deliver(HostileMails.withAttachment("pdf of many objects", "invoice.pdf", "application/pdf",
                HostilePdfs.declaringObjects(20_000_000)));
        dovecot.deliver(HostileMails.withAttachment("pdf inflating", "invoice.pdf", "application/pdf",
                HostilePdfs.inflatingXrefStream(300L * 1024 * 1024)));
        dovecot.deliver(HostileMails.plain("after"));
        int total = 10;

        MainJob job = MainJob.forDovecot(dovecot, work).jvm(HEAP);
        assertThat(run(job, "first")).as(job.stderr("first")).isZero();
        assertThat(job.lastLine("first")).startsWith("fetched=" + total + " skipped=0 archived=" + total
                + " failed=0 ").contains(" quarantined=0 ");
        assertThat(job.stderr("first")).doesNotContain("OutOfMemoryError", "StackOverflowError")
                .containsPattern("archived with \\d+ problems?: part [0-9.]+: multipart nested deeper than 100 levels")
                .containsPattern("archived with 1 problem: parts/invoice.xml: document has 5000002 nodes");

        Map<String, JsonNode> archived = envelopes();
        assertThat(archived).containsOnlyKeys("before", "deep", "long number", "normal one", "normal two",
                "many elements", "zip of five", "pdf of many objects", "pdf inflating", "after");
        assertThat(archived.get("deep").get("problems").toString()).contains("multipart nested deeper than 100 levels");
        assertThat(archived.get("long number").get("invoices").get(0).get("number").asText()).isEqualTo(LONG_NUMBER);
        assertThat(archived.get("normal one").get("invoices").get(0).get("number").asText()).isEqualTo("INV-1");
        assertThat(archived.get("many elements").get("invoices")).singleElement().satisfies(invoice -> {
            assertThat(invoice.get("needsReview").asBoolean()).isTrue();
            assertThat(invoice.get("problems").toString()).contains("more than maxNodes 200000, and was not read");
        });
        assertThat(archived.get("zip of five").get("invoices")).hasSize(5).allSatisfy(invoice -> {
            assertThat(invoice.get("needsReview").asBoolean()).isTrue();
            assertThat(invoice.get("problems").toString()).contains("more than maxNodes 200000, and was not read");
        });
        assertThat(archived.get("pdf of many objects").get("problems").toString())
                .contains("PDF declares too many objects, skipped: parts/invoice.pdf (20000000 objects, limit 50000)");
        assertThat(archived.get("pdf inflating").get("problems").toString())
                .contains("PDF streams too large when decoded, skipped: parts/invoice.pdf");
        assertThat(quarantined()).isEmpty();

        // A resend of the long-numbered invoice is recognised: its entry reached the journal with its batch.
        dovecot.deliver(HostileMails.ublInvoice("long number again", LONG_NUMBER));
        assertThat(run(job, "second")).as(job.stderr("second")).isZero();
        assertThat(job.lastLine("second")).startsWith("fetched=1 skipped=" + total + " archived=1 failed=0 ");
        JsonNode resend = envelopes().get("long number again").get("invoices").get(0);
        assertThat(resend.get("duplicateOf").asText()).startsWith(dovecot.account() + "#");
    }

    @Test
    void withTheLimitsRaisedPastTheStackEachCraftedMailIsQuarantinedAndTheMailboxMovesOn() throws Exception {
        byte[] deep = HostileMails.nestedMultiparts(50_000, "deep");
        byte[] dense = HostileMails.withAttachment("dense", "invoice.xml", "application/xml",
                HostileInvoices.manyElementsUbl(3_500_000));
        dovecot.deliver(HostileMails.plain("before"));
        dovecot.deliver(deep);
        dovecot.deliver(dense);
        dovecot.deliver(HostileMails.plain("after"));

        MainJob job = MainJob.forDovecot(dovecot, work).jvm(SMALL_HEAP)
                .env("INGEST_LIMIT_MIME_DEPTH", "1000000")
                .env("INGEST_LIMIT_XML_NODES", "100000000");
        assertThat(run(job, "first")).as("quarantined messages wait for a replay").isEqualTo(1);
        assertThat(job.lastLine("first")).as(job.stderr("first")).startsWith("fetched=4 skipped=0 archived=4 failed=0 ")
                .contains(" delivered=2 quarantined=2 ");
        // Under this heap the nesting exhausts the heap or the stack first, whichever comes first on this JVM.
        assertThat(job.stderr("first")).containsPattern("Splitting \\S+ of \\S+ failed \\((OutOfMemoryError|"
                + "StackOverflowError)");

        assertThat(job.stderr("first")).contains("Reading the invoices of ").contains("failed (OutOfMemoryError");
        Map<String, JsonNode> archived = envelopes();
        assertThat(archived).containsOnlyKeys("before", "deep", "dense", "after");
        assertThat(archived.get("deep").get("problems").toString())
                .containsPattern("processing failed for good: split failed: (OutOfMemoryError|StackOverflowError)");
        assertThat(archived.get("deep").get("parts")).isEmpty();
        JsonNode denseInvoice = archived.get("dense").get("invoices").get(0);
        assertThat(denseInvoice.get("needsReview").asBoolean()).isTrue();
        assertThat(denseInvoice.get("format").asText()).isEqualTo("UBL 2.1 Invoice");
        assertThat(denseInvoice.get("problems").toString()).contains("reading failed: OutOfMemoryError");
        assertThat(archived.get("dense").get("problems").toString())
                .contains("processing failed for good: invoice recognition failed: OutOfMemoryError");
        assertThat(quarantined()).hasSize(2).anySatisfy(folder ->
                assertThat(Files.readAllBytes(folder.resolve("message.eml"))).isEqualTo(deep));
        assertThat(Files.readString(work.resolve("state").resolve("audit.jsonl"))).contains("quarantined");

        assertThat(run(job, "second")).as(job.stderr("second")).isZero();
        assertThat(job.lastLine("second")).startsWith("fetched=0 skipped=4 archived=0 failed=0 ");
    }

    private static int run(MainJob job, String name) throws Exception {
        Process p = job.start(name);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the job ends").isTrue();
        return p.exitValue();
    }

    /** Every archived envelope by subject. */
    private Map<String, JsonNode> envelopes() throws IOException {
        Map<String, JsonNode> bySubject = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(work.resolve("archive"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("envelope.json")).toList()) {
                JsonNode envelope = json.readTree(f.toFile());
                bySubject.put(envelope.get("subject").asText(), envelope);
            }
        }
        return bySubject;
    }

    private List<Path> quarantined() {
        Path dir = work.resolve("quarantine");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> Files.isRegularFile(f.resolve("error.json"))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
