package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.durable.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, per message key, how many times in a row processing the same bytes failed, across restarts, so that a
 * message whose failure does not go away by retrying is recognised as poison instead of being fetched forever.
 * <p>
 * Failures are rare, so the file (JSON, in the state directory) is rewritten whole and atomically on each change; a
 * message that succeeds costs one map look-up and no write unless it had failed before. Without a file the counts
 * live only as long as the consumer.
 */
final class RepeatedFailures {

    /** One message's failures in a row: the size of the bytes that failed, how often, and the last cause. */
    record Entry(long size, int count, String last) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RepeatedFailures.class);

    /** Made on first use: a start that archives nothing (a re-poll of a seen mailbox) does not initialise Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    /** The failure texts kept are one line each; a hostile message must not make the file grow. */
    private static final int MAX_TEXT = 500;

    private final Path file;
    /** Failures in a row after which a message is poison; 0 never gives up on one. */
    private final int maxFailures;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param file        where the counts are kept, or null to keep them in memory only
     * @param maxFailures failures in a row after which a message is poison; 0 never gives up on one
     */
    RepeatedFailures(Path file, int maxFailures) {
        this.file = file;
        this.maxFailures = maxFailures;
        if (file != null && Files.isRegularFile(file)) {
            try {
                entries.putAll(Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Entry>>() { }));
            } catch (IOException e) {
                LOG.warn("Cannot read the failure counts in {} ({}); counting from zero", file, e.getMessage());
            }
        }
    }

    /** Failures in a row of the message with this key and size; a message of another size starts afresh. */
    synchronized Entry of(String key, long size) {
        Entry entry = entries.get(key);
        return entry != null && entry.size() == size ? entry : null;
    }

    /** Counts one more failure of these bytes; returns how many there are in a row now. */
    synchronized int failed(String key, long size, String cause) {
        Entry before = of(key, size);
        String text = cause.length() <= MAX_TEXT ? cause : cause.substring(0, MAX_TEXT - 3) + "...";
        Entry now = new Entry(size, before == null ? 1 : before.count() + 1, text);
        entries.put(key, now);
        save();
        return now.count();
    }

    /** The message got through: its count, if it had one, is cleared. */
    synchronized void succeeded(String key) {
        if (entries.remove(key) != null) {
            save();
        }
    }

    /**
     * What failed last when the message failed maxFailures times in a row before (it is poison: archived unsplit and
     * quarantined), or null.
     */
    String poison(Entry before) {
        return before != null && maxFailures > 0 && before.count() >= maxFailures
                ? "failed " + before.count() + " times in a row, last: " + before.last() : null;
    }

    /** Names the failed message, the root cause, and what happens next to the message. */
    String failureLine(String key, Entry before, Exception failure) {
        int count = before == null ? 1 : before.count() + 1;
        String next = maxFailures == 0 || count < maxFailures ? "it is fetched again on the next poll (" + count
                + " of " + maxFailures + " failures in a row before it is archived unsplit and quarantined)"
                : "the next attempt archives it unsplit and sends it to quarantine";
        return "Processing message " + key + " failed: " + Pop3FailureText.rootCause(failure) + "; " + next;
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            DurableFiles.writeFile(file, Json.MAPPER.writeValueAsBytes(entries));
        } catch (IOException e) {
            // The count goes on in memory; after a restart it starts again, which only delays the quarantine.
            LOG.warn("Cannot store the failure counts in {} ({}); they are kept in memory", file, e.getMessage());
        }
    }
}
