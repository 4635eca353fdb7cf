package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;

import io.github.camelpop3ingest.exchange.CommitPoint;
import io.github.camelpop3ingest.repository.BatchConfirm;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where messages are confirmed, and the only place (the role camel-file's {@code GenericFileOnCompletion} plays): each
 * exchange's completion is recorded, and at the poll's commit points the writes the completed messages registered
 * are forced, headers-only records are held, the keys are confirmed together, and only then are the messages handed
 * to {@link Pop3Deletions}. A batch's writes are forced while the poll routes the next batch, and confirmed at the
 * next commit point (the last one of a poll waits for them). A failed exchange releases its key and is counted
 * towards poison.
 * <p>
 * Threads: the completion callbacks run on whichever thread completes an exchange (another one when a route goes
 * async) and only queue the message, release its key, count the failure and remove its spool file, all thread-safe;
 * commit points run on the poll's thread.
 */
final class Pop3OnCompletion {

    // The consumer's category: operators follow a poll's lines under one logger name.
    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestConsumer.class);
    /** A commit point at least this often while messages complete, so that a crash costs little work to redo. */
    private static final long COMMIT_INTERVAL_NANOS = 2_000_000_000L;

    /** A message whose exchange completed, waiting for the next commit point; headersOnly when over the limit. */
    private record Completed(Pop3MessageRef message, boolean headersOnly) {
    }

    /** The messages of one commit point and their writes being forced. */
    private record Batch(List<Completed> messages, CommitPoint.Forcing forces) {
    }

    private final Pop3Account account;
    private final IdempotentRepository repository;
    private final IdempotentRepository holdRepository;
    private final RepeatedFailures failures;
    private final Pop3Deletions deletions;
    private final Pop3WaitingMessages waiting;
    private final Pop3PollStatistics statistics;
    private final int syncBatchSize;
    private final CommitPoint writes;
    /** Filled by the completion callbacks, emptied by the commit points. */
    private final BlockingQueue<Completed> completed = new LinkedBlockingQueue<>();
    private long lastCommit = System.nanoTime();
    /** The batch whose forces run while the poll routes the next messages; null when none. Poll thread only. */
    private Batch beingForced;

    /**
     * @param holdRepository where headers-only records are held so that no delete policy removes them, or null
     * @param forcing        runs a commit point's forces side by side, or null
     */
    Pop3OnCompletion(Pop3Account account, IdempotentRepository repository, IdempotentRepository holdRepository,
            RepeatedFailures failures, Pop3Deletions deletions, Pop3WaitingMessages waiting,
            Pop3PollStatistics statistics, int syncBatchSize, ExecutorService forcing) {
        this.account = account;
        this.repository = repository;
        this.holdRepository = holdRepository;
        this.failures = failures;
        this.deletions = deletions;
        this.waiting = waiting;
        this.statistics = statistics;
        this.syncBatchSize = syncBatchSize;
        this.writes = new CommitPoint(forcing);
    }

    /** Where the route's steps register the writes to force before the poll's messages are confirmed. */
    CommitPoint writes() {
        return writes;
    }

    /**
     * The synchronization of one message's exchange. It is not handed over: the commit point and DELE belong to the
     * session that retrieved the message.
     */
    Synchronization of(Pop3MessageRef message, Path spoolFile, long size, boolean headersOnly) {
        return new MessageCompletion(message, spoolFile, size, headersOnly);
    }

    /**
     * A commit point when syncBatchSize messages completed since the last one, or the commit interval passed: the
     * batch before is confirmed (its forces have run while this one was routed), and this batch's forces start in
     * the background, so the poll routes the next messages while the disk catches up.
     */
    void commitIfDue() throws IOException {
        if (completed.size() >= syncBatchSize || System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS) {
            confirmForced();
            List<Completed> done = takeCompleted();
            if (!done.isEmpty() || !writes.isEmpty()) {
                beingForced = new Batch(done, start(done));
            }
        }
    }

    /**
     * The poll's last commit point: confirms the batch being forced, then forces the writes of every message completed
     * since and confirms them. Only then are the messages handed to the deletions (sent before QUIT, which makes
     * them take effect).
     */
    void commit() throws IOException {
        confirmForced();
        List<Completed> done = takeCompleted();
        if (done.isEmpty() && writes.isEmpty()) {
            return;
        }
        confirm(new Batch(done, start(done)));
    }

    private List<Completed> takeCompleted() {
        List<Completed> done = new ArrayList<>();
        // Before the writes are taken: a message's writes were registered before its completion was queued.
        completed.drainTo(done);
        lastCommit = System.nanoTime();
        return done;
    }

    private CommitPoint.Forcing start(List<Completed> done) throws IOException {
        try {
            return writes.startForcing();
        } catch (IOException e) {
            throw released(done, e);
        }
    }

    /** Waits for the batch being forced and confirms it; the next commit point goes on even when it failed. */
    private void confirmForced() throws IOException {
        Batch batch = beingForced;
        beingForced = null;
        if (batch != null) {
            confirm(batch);
        }
    }

    /** Waits for the batch's forces; then holds its headers-only records, confirms its keys and queues its DELEs. */
    private void confirm(Batch batch) throws IOException {
        List<Completed> done = batch.messages();
        try {
            batch.forces().await();
        } catch (IOException e) {
            throw released(done, e);
        }
        hold(done);
        List<String> keys = new ArrayList<>(done.size());
        List<Pop3MessageRef> messages = new ArrayList<>(done.size());
        for (Completed c : done) {
            keys.add(c.message().stored());
            messages.add(c.message());
        }
        confirm(keys);
        for (String key : keys) {
            waiting.confirmed(key);
        }
        deletions.confirmed(messages);
        statistics.processed(done.size());
    }

    /** A batch whose writes could not be forced: its keys are released, so the messages are fetched again. */
    private IOException released(List<Completed> done, IOException e) {
        for (Completed c : done) {
            repository.remove(c.message().stored());
        }
        statistics.failed(done.size());
        return new IOException("Forcing the writes of " + done.size() + " messages of " + account + " to disk "
                + "failed; they are fetched again on the next poll: " + e.getMessage(), e);
    }

    private void confirm(List<String> keys) {
        if (repository instanceof BatchConfirm journal) {
            journal.confirmAll(keys);
            return;
        }
        for (String key : keys) {
            if (!repository.confirm(key)) {
                LOG.warn("Repository refused to confirm {}; the message may be fetched again", key);
            }
        }
    }

    /**
     * Holds the keys of headers-only records before their keys are confirmed, so that no delete policy ever removes
     * a message that was not retrieved.
     */
    private void hold(List<Completed> done) {
        if (holdRepository == null) {
            return;
        }
        for (Completed c : done) {
            String key = c.message().stored();
            if (c.headersOnly() && !holdRepository.contains(key)) {
                holdRepository.add(key);
                holdRepository.confirm(key);
            }
        }
    }

    /** A commit point on the way out of a poll; returns what went wrong instead of throwing. */
    Exception commitQuietly() {
        try {
            commit();
            return null;
        } catch (IOException e) {
            return new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** One message's exchange: recorded for the next commit point, or released when it failed. */
    private final class MessageCompletion extends SynchronizationAdapter {
        private final Pop3MessageRef message;
        private final Path spoolFile;
        private final long size;
        private final boolean headersOnly;

        MessageCompletion(Pop3MessageRef message, Path spoolFile, long size, boolean headersOnly) {
            this.message = message;
            this.spoolFile = spoolFile;
            this.size = size;
            this.headersOnly = headersOnly;
        }

        @Override
        public void onComplete(Exchange done) {
            completed.add(new Completed(message, headersOnly));
            Pop3Spool.delete(spoolFile);
            failures.succeeded(message.stored());
        }

        @Override
        public void onFailure(Exchange done) {
            repository.remove(message.stored());
            statistics.failed(1);
            Pop3Spool.delete(spoolFile);
            failures.failed(message.stored(), size, Pop3FailureText.rootCause(done.getException()));
        }

        @Override
        public boolean allowHandover() {
            // The commit point and DELE belong to the session that retrieved the message.
            return false;
        }
    }
}
