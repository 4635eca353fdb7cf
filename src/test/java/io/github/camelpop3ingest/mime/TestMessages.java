package io.github.camelpop3ingest.mime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;

/** Shared helpers for the splitter tests: fixture lookup and a fixed message source. */
final class TestMessages {

    static final MessageSource SOURCE = new MessageSource("test-account", "UID-1", Instant.parse("2025-03-04T08:16:00Z"));

    private TestMessages() {}

    static Path fixture(String name) {
        try {
            return Path.of(TestMessages.class.getResource("/mime/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDescription split(Path message, Path folder) {
        try {
            return new MimeSplitter().split(message, folder, SOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
