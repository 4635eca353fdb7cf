package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** envelope.json is replaced by an atomic rename of a synced temp file, and no temp file is left behind. */
class EnvelopeWriterCrashSafeTest {

    @TempDir
    Path folder;

    private final EnvelopeWriter writer = new EnvelopeWriter();

    @Test
    void writesOnlyEnvelopeJson() throws IOException {
        Path written = writer.write(envelope("first"), folder);

        assertThat(written).isEqualTo(folder.resolve(EnvelopeWriter.FILE_NAME));
        assertThat(listing()).containsExactly(EnvelopeWriter.FILE_NAME);
        assertThat(new ObjectMapper().readTree(written.toFile()).get("subject").asText()).isEqualTo("first");
        assertThat(Files.readAllBytes(written)).isEqualTo(writer.toJson(envelope("first")));
    }

    @Test
    void replacesExistingFileByRenameNotInPlace() throws IOException {
        Path target = writer.write(envelope("first"), folder);
        Object firstFile = Files.readAttributes(target, BasicFileAttributes.class).fileKey();

        writer.write(envelope("second"), folder);

        assertThat(new ObjectMapper().readTree(target.toFile()).get("subject").asText()).isEqualTo("second");
        assertThat(listing()).containsExactly(EnvelopeWriter.FILE_NAME);
        Object secondFile = Files.readAttributes(target, BasicFileAttributes.class).fileKey();
        if (firstFile != null) {
            // A new inode means readers saw either the old or the new file, never a half-written one.
            assertThat(secondFile).isNotEqualTo(firstFile);
        }
    }

    @Test
    void leavesNoTempFileWhenTheRenameFails() throws IOException {
        // A non-empty directory in the way makes the final rename fail after the temp file was written.
        Files.createDirectories(folder.resolve(EnvelopeWriter.FILE_NAME).resolve("blocker"));

        assertThatThrownBy(() -> writer.write(envelope("doomed"), folder)).isInstanceOf(IOException.class);

        assertThat(listing()).containsExactly(EnvelopeWriter.FILE_NAME);
    }

    @Test
    void writesIsoDatesNotTimestamps() throws IOException {
        String json = new String(writer.toJson(envelope("dates")), StandardCharsets.UTF_8);

        assertThat(json).contains("\"date\" : \"2025-03-04T09:15:00+01:00\"", "\"receivedAt\" : \"2025-03-04T08:16:00Z\"");
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static Envelope envelope(String subject) {
        return new Envelope(Envelope.SCHEMA_VERSION, "acc", "uid", "<id@example.com>", List.of("a@example.com"),
                List.of(), List.of(), List.of(), subject, OffsetDateTime.parse("2025-03-04T09:15:00+01:00"),
                Instant.parse("2025-03-04T08:16:00Z"), 10, "0".repeat(64), List.of(), List.of());
    }
}
