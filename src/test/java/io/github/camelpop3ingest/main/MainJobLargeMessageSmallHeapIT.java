package io.github.camelpop3ingest.main;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.camelpop3ingest.testing.MainJob;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message with a 200 MB attachment goes through the whole main job (RETR, spool, split, archive) with -Xmx128m.
 */
class MainJobLargeMessageSmallHeapIT {

    private static final long ATTACHMENT_BYTES = 200L * 1024 * 1024;

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @Test
    void twoHundredMegabyteAttachmentUnderSmallHeap() throws Exception {
        Path eml = work.resolve("large.eml");
        String sha256 = writeLargeMessage(eml);
        server.deliver(eml);
        Files.delete(eml);

        MainJob job = MainJob.forServer(server, work).jvm("-Xmx128m");
        Process process = job.start("large");
        assertThat(process.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(job.stderr("large")).isZero();
        assertThat(job.lastLine("large")).startsWith("fetched=1 skipped=0 archived=1 failed=0 ");

        Path part;
        try (Stream<Path> files = Files.walk(work.resolve("archive"))) {
            part = files.filter(p -> p.getFileName().toString().equals("big.bin")).findFirst().orElseThrow();
        }
        assertThat(Files.size(part)).isEqualTo(ATTACHMENT_BYTES);
        assertThat(sha256(part)).isEqualTo(sha256);
    }

    /** Writes the message as a stream and returns the SHA-256 of the decoded attachment. */
    private static String writeLargeMessage(Path eml) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        Base64.Encoder mime = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII));
        try (BufferedWriter w = Files.newBufferedWriter(eml, StandardCharsets.US_ASCII)) {
            w.write("From: sender@example.com\r\nTo: alice@localhost\r\nSubject: large\r\n"
                    + "Message-ID: <large@example.com>\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                    + "--b\r\nContent-Type: text/plain\r\n\r\nA large attachment follows.\r\n"
                    + "--b\r\nContent-Type: application/octet-stream; name=\"big.bin\"\r\n"
                    + "Content-Disposition: attachment; filename=\"big.bin\"\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n");
            byte[] chunk = new byte[57 * 1024];
            for (long written = 0; written < ATTACHMENT_BYTES; written += chunk.length) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, ATTACHMENT_BYTES - written);
                byte[] data = n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n);
                sha.update(data);
                w.write(mime.encodeToString(data));
                w.write("\r\n");
            }
            w.write("--b--\r\n");
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

}
