package io.github.camelpop3ingest.pop3;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one poll did, counted as it goes: the progress lines of a long drain, the "Polled ..." line at its end, and
 * the {@link Pop3PollResult} that {@link Pop3PollListener}s get.
 * <p>
 * Threads: every counter belongs to the poll's thread except the failures, which completion callbacks also count
 * (they run on whichever thread completes an exchange); the result is read after the poll's last commit point.
 */
final class Pop3PollStatistics {

    // The consumer's category: the README and operators quote these lines under that logger name.
    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestConsumer.class);

    private final Pop3Account account;
    private final long progressIntervalNanos;
    private final long startNanos = System.nanoTime();
    private final AtomicInteger failed = new AtomicInteger();
    private int onServer;
    private int skipped;
    private int fetched;
    private int processed;
    private int deleted;
    private int oversize;
    private long bytes;
    private long lastProgress = startNanos;
    /** When the last commit point (or, with nothing to commit, the check of the UIDLs) ended. */
    private long committedAt;
    private long millis;
    private long oldestWaitingMillis;

    Pop3PollStatistics(Pop3Account account, long progressIntervalMillis) {
        this.account = account;
        this.progressIntervalNanos = progressIntervalMillis * 1_000_000L;
    }

    /** The check of the maildrop ended: so many messages, so many of them processed before. */
    void listed(int messages, int processedBefore) {
        onServer = messages;
        skipped += processedBefore;
        committedAt = System.nanoTime();
    }

    /** A new message another consumer reserved first. */
    void skipped() {
        skipped++;
    }

    void fetched(long size) {
        fetched++;
        bytes += size;
    }

    /** A message over maxMessageSize was recorded from its header. */
    void oversize() {
        oversize++;
    }

    /** Any thread: a message's retrieval or exchange failed, or its writes could not be forced. */
    void failed(int messages) {
        failed.addAndGet(messages);
    }

    /** A commit point confirmed so many messages. */
    void processed(int messages) {
        processed += messages;
        committedAt = System.nanoTime();
    }

    void deleted(int messages) {
        deleted = messages;
    }

    int fetched() {
        return fetched;
    }

    /** A progress line at most every progress interval, none for the last message: the "Polled" line follows. */
    void progress(int done, int total) {
        long now = System.nanoTime();
        if (now - lastProgress < progressIntervalNanos || done == total) {
            return;
        }
        lastProgress = now;
        double seconds = (now - startNanos) / 1e9;
        double mb = bytes / 1e6;
        // The rest at the pace so far; message sizes vary, so this is a guide, not a promise.
        long eta = Math.round(seconds / done * (total - done));
        LOG.info("Draining {}: {} of {} messages, {} MB, {} MB/s, about {} s left", account, done, total,
                String.format(Locale.ROOT, "%.1f", mb), String.format(Locale.ROOT, "%.1f", seconds > 0 ? mb / seconds : 0),
                eta);
    }

    /** The session ended (after QUIT, or a failure). */
    void finish(long oldestWaiting) {
        millis = (System.nanoTime() - startNanos) / 1_000_000;
        oldestWaitingMillis = oldestWaiting;
    }

    Pop3PollResult result() {
        long drained = committedAt == 0 ? millis : (committedAt - startNanos) / 1_000_000;
        return new Pop3PollResult(onServer, skipped, fetched, processed, failed.get(), deleted, bytes, millis, drained,
                oldestWaitingMillis, oversize);
    }

    /** Logs the poll's line when it succeeded and tells every listener, also when it failed. */
    Pop3PollResult report(Set<Pop3PollListener> listeners, Exception failure) {
        Pop3PollResult result = result();
        if (failure == null) {
            LOG.info("Polled {} in {} ms: {} on server, {} new, {} skipped, {} fetched, {} processed, {} failed, "
                    + "{} deleted, {} bytes{}", account, result.millis(), result.onServer(), result.fresh(),
                    result.skipped(), result.fetched(), result.processed(), result.failed(), result.deleted(),
                    result.bytes(), result.oversize() == 0 ? ""
                            : ", " + result.oversize() + " over maxMessageSize recorded from their header only");
        }
        for (Pop3PollListener listener : listeners) {
            listener.pollFinished(account, result, failure);
        }
        return result;
    }
}
