package io.github.camelpop3ingest.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelpop3ingest.durable.DurableFiles;
import io.github.camelpop3ingest.repository.BoundedKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers which sender was sent a rejection notice for which invoice number in the last {@link #WINDOW}, in a
 * file that survives restarts, so that a sender who sends the same broken invoice again is not answered again.
 * <p>
 * The file is UTF-8 JSON Lines, one {@code {"key":…,"at":…}} per notice and invoice, only ever appended to and
 * forced after each {@link #record}. A crash can leave at most a torn last line, which loading cuts off. Loading
 * forgets entries older than the window and rewrites the file without them (temp file, fsync, atomic rename); so
 * does a long-running process once most lines are stale.
 */
public final class NoticeLedger {

    /** How long a notice for a sender and invoice number keeps a second one from being sent. */
    public static final Duration WINDOW = Duration.ofHours(24);

    /** Lines in the file below which it is never rewritten while running. */
    static final int COMPACT_MIN_LINES = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(NoticeLedger.class);
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path file;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Instant> answered = new HashMap<>();
    private long lines;

    /** Loads {@code file} (created on the first record when missing), forgetting entries older than the window. */
    public NoticeLedger(Path file, Clock clock) throws IOException {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.clock = Objects.requireNonNull(clock, "clock");
        Files.createDirectories(this.file.getParent());
        Files.deleteIfExists(tempFile());
        load();
    }

    /** The key of a notice to {@code sender} about invoice {@code invoiceNumber}: the address lower-cased, bounded. */
    public static String key(String sender, String invoiceNumber) {
        return BoundedKeys.bound(sender.strip().toLowerCase(Locale.ROOT) + "|" + invoiceNumber);
    }

    /** Whether a notice with this key was recorded less than {@link #WINDOW} ago by the clock. */
    public synchronized boolean answeredWithin(String key) {
        Instant at = answered.get(key);
        return at != null && at.isAfter(clock.instant().minus(WINDOW));
    }

    /**
     * Remembers that a notice with these keys was sent now; in memory at once, then appended to the file and
     * forced. When the file cannot be written, the keys are still remembered until the process ends.
     */
    public synchronized void record(Collection<String> keys) throws IOException {
        Instant now = clock.instant();
        StringBuilder text = new StringBuilder();
        for (String key : keys) {
            answered.put(key, now);
            text.append(line(key, now));
        }
        if (text.isEmpty()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        }
        lines += keys.size();
        forgetExpired(now);
        if (lines >= COMPACT_MIN_LINES && lines > 2L * answered.size()) {
            rewrite();
        }
    }

    /** Number of keys remembered, expired ones included until the next record or load. */
    public synchronized int size() {
        return answered.size();
    }

    public Path file() {
        return file;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        boolean damaged = end < bytes.length;
        if (damaged) {
            LOG.warn("Notice ledger {} ends in an incomplete line (a crash while appending); dropping its {} bytes",
                    file, bytes.length - end);
        }
        Instant oldest = clock.instant().minus(WINDOW);
        long read = 0;
        for (String text : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
            if (text.isBlank()) {
                continue;
            }
            read++;
            try {
                JsonNode node = json.readTree(text);
                String key = node.path("key").textValue();
                Instant at = Instant.parse(node.path("at").asText());
                if (key != null && at.isAfter(oldest)) {
                    answered.merge(key, at, (a, b) -> a.isAfter(b) ? a : b);
                }
            } catch (JsonProcessingException | DateTimeParseException e) {
                damaged = true;
                LOG.warn("Notice ledger {}: ignoring an unreadable line ({})", file, e.getClass().getSimpleName());
            }
        }
        lines = read;
        if (damaged || read > answered.size()) {
            rewrite();
        }
        LOG.debug("Notice ledger {} remembers {} notices of the last {}", file, answered.size(), WINDOW);
    }

    private void forgetExpired(Instant now) {
        Instant oldest = now.minus(WINDOW);
        answered.values().removeIf(at -> !at.isAfter(oldest));
    }

    /** Replaces the file with one line per remembered key: temp file, fsync, atomic rename, fsync of the folder. */
    private void rewrite() throws IOException {
        Path temp = tempFile();
        StringBuilder text = new StringBuilder();
        answered.forEach((key, at) -> text.append(line(key, at)));
        DurableFiles.writeFile(file, temp,
                DurableFiles.FileContent.of(text.toString().getBytes(StandardCharsets.UTF_8)));
        lines = answered.size();
    }

    private String line(String key, Instant at) {
        ObjectNode node = json.createObjectNode();
        node.put("key", key);
        node.put("at", at.toString());
        return node.toString() + "\n";
    }

    private Path tempFile() {
        return file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
    }
}
