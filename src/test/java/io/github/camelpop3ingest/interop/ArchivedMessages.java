package io.github.camelpop3ingest.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.github.camelpop3ingest.archive.ArchiveWriter;

/**
 * Reads back what the archive writer stored, so interop tests can compare it with what they put into Dovecot.
 */
final class ArchivedMessages {

    private ArchivedMessages() {
    }

    /** Every archived {@code message.eml} under {@code archiveDir}, as text, in no particular order. */
    static List<String> in(Path archiveDir) {
        if (!Files.isDirectory(archiveDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(archiveDir)) {
            return files.filter(p -> p.getFileName().toString().equals(ArchiveWriter.MESSAGE_FILE))
                    .map(ArchivedMessages::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages as text, to compare with {@link #in(Path)}. */
    static List<String> asText(List<byte[]> raw) {
        return raw.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
