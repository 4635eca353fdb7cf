package io.github.camelpop3ingest.mime;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A message with a 200 MB base64 attachment splits in a child JVM limited to -Xmx128m. */
class LargeAttachmentUnderSmallHeapIT {

    private static final long ATTACHMENT_BYTES = 200L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void splitsTwoHundredMegabytesWithA128MegabyteHeap() throws Exception {
        Path message = dir.resolve("message.eml");
        String expectedSha256 = writeMessage(message);
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path log = dir.resolve("child.log");

        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                LargeMessageSplitMain.class.getName(), message.toString(), folder.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = child.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("child JVM: " + output.strip());

        assertThat(finished).as("child finished; output:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("child exit code; output:%n%s", output).isZero();
        JsonNode envelope = new ObjectMapper().readTree(folder.resolve(EnvelopeWriter.FILE_NAME).toFile());
        JsonNode attachment = envelope.get("parts").get(1);
        assertThat(attachment.get("filename").asText()).isEqualTo("big.bin");
        assertThat(attachment.get("size").asLong()).isEqualTo(ATTACHMENT_BYTES);
        assertThat(attachment.get("sha256").asText()).isEqualTo(expectedSha256);
        assertThat(Files.size(folder.resolve(attachment.get("path").asText()))).isEqualTo(ATTACHMENT_BYTES);
        assertThat(envelope.get("size").asLong()).isEqualTo(Files.size(message));
        assertThat(envelope.get("problems")).isEmpty();
    }

    /** Streams the message to disk block by block and returns the SHA-256 of the attachment's decoded bytes. */
    private static String writeMessage(Path message) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(20250304L);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(message), 1024 * 1024)) {
            file.write(("From: big@example.com\r\nTo: archive@example.com\r\nSubject: large attachment\r\n"
                    + "Date: Tue, 4 Mar 2025 09:15:00 +0100\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/mixed; boundary=\"big-boundary\"\r\n\r\n"
                    + "--big-boundary\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee attachment.\r\n"
                    + "--big-boundary\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Disposition: attachment; filename=\"big.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            OutputStream base64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).wrap(new NonClosing(file));
            for (long written = 0; written < ATTACHMENT_BYTES; written += block.length) {
                random.nextBytes(block);
                digest.update(block);
                base64.write(block);
            }
            base64.close();
            file.write("\r\n--big-boundary--\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Lets the base64 encoder flush its last group on close without closing the file. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
