package io.github.camelpop3ingest.pop3;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelpop3ingest.repository.BatchConfirm;
import io.github.camelpop3ingest.repository.ProcessedTimestamps;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.UIDFolder;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.SynchronizationAdapter;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one maildrop: one UIDL per poll, skips processed keys before any TOP or RETR, streams each new message into
 * the spool, and confirms (and, by policy, deletes) a message only after its exchange completed; a failing mailbox
 * is tried again only as its {@link PollBackoff} allows.
 */
public class Pop3IngestConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestConsumer.class);
    private static final int SPOOL_BUFFER_BYTES = 64 * 1024;
    /** RFC 2449's response code for a maildrop another session holds; retrying soon only prolongs the lock. */
    private static final String IN_USE = "[IN-USE]";
    /** A commit point at least this often while messages complete, so that a crash costs little work to redo. */
    private static final long COMMIT_INTERVAL_NANOS = 2_000_000_000L;
    /** fsyncs run side by side at a commit point: the file system commits concurrent ones together. */
    private static final int FORCE_THREADS = 4;

    private final Pop3IngestEndpoint endpoint;
    private Set<Pop3PollListener> listeners = Set.of();
    private PollBackoff backoff;
    private final AtomicLong skippedPolls = new AtomicLong();
    private ExecutorService forcing;

    public Pop3IngestConsumer(Pop3IngestEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        listeners = getEndpoint().getCamelContext().getRegistry().findByType(Pop3PollListener.class);
        cleanSpool();
        forcing = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "pop3-ingest-fsync", FORCE_THREADS);
        backoff = new PollBackoff(Duration.ofMillis(getDelay()), Duration.ofMillis(endpoint.getAuthBackoff()),
                Duration.ofMillis(endpoint.getMaxBackoff()), endpoint.getBackoffClock());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (forcing != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(forcing);
            forcing = null;
        }
    }

    /** Spool files left by a crash belong to unconfirmed messages, which the next poll fetches again. */
    private void cleanSpool() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(endpoint.spoolPath(), "pop3-*.eml")) {
            for (Path f : files) {
                LOG.info("Removing spool file {} left by an earlier run; its message is fetched again", f);
                Files.deleteIfExists(f);
            }
        }
    }

    @Override
    protected int poll() throws Exception {
        Pop3Account account = endpoint.getAccount();
        if (!backoff.due()) {
            skippedPolls.incrementAndGet();
            LOG.debug("Skipping this poll of {}: backing off after {} consecutive failures", account, backoff.failures());
            return 0;
        }
        Drain drain = new Drain(account);
        Exception failure = null;
        Store store = null;
        POP3Folder folder = null;
        if (endpoint.getSecurity() == Pop3Security.PLAIN) {
            // Opted in with allowPlaintext=true, but every connect says it again: the risk must stay visible.
            LOG.warn("Connecting to {} without TLS (security=plain): the password and every message travel in clear",
                    account);
        }
        try {
            folder = endpoint.openInbox();
            store = folder.getStore();
            drain.run(store, folder);
        } catch (AuthenticationFailedException e) {
            String reply = oneLine(e.getMessage());
            failure = new Pop3LoginException(reply.contains(IN_USE) ? "Maildrop " + account + " is locked by another "
                    + "session: " + reply : "Login to " + account + " failed: " + reply, e);
        } catch (Pop3ServerException e) {
            failure = e;
        } catch (MessagingException | IOException e) {
            failure = new Pop3ServerException("Poll of " + account + " failed: " + describe(e), e);
            LOG.debug("Cause of the failed poll of {}", account, e);
        } catch (RuntimeException e) {
            // Not the server's doing (the repository or the spool failed): keep the trace, and still tell listeners,
            // so that a drain-once job ends instead of waiting for a poll that never reports.
            failure = e;
        } finally {
            // Messages that completed before a failure are kept: their writes are forced and their keys confirmed.
            Exception lost = drain.commitQuietly();
            if (failure == null) {
                failure = lost;
            }
            quit(folder, store, drain);
        }
        if (failure == null) {
            backoff.succeeded();
        } else {
            backedOff(account, failure);
        }
        Pop3PollResult result = drain.result();
        if (failure == null) {
            LOG.info("Polled {} in {} ms: {} on server, {} new, {} skipped, {} fetched, {} processed, {} failed, "
                    + "{} deleted, {} bytes", account, result.millis(), result.onServer(), result.fresh(),
                    result.skipped(), result.fetched(), result.processed(), result.failed(), result.deleted(),
                    result.bytes());
        }
        for (Pop3PollListener listener : listeners) {
            listener.pollFinished(account, result, failure);
        }
        return result.fetched();
    }

    /** One line per failed attempt: what failed, and when the mailbox is tried again. */
    private void backedOff(Pop3Account account, Exception failure) {
        Instant next = backoff.failed(failure instanceof Pop3LoginException);
        if (failure instanceof Pop3ServerException) {
            LOG.error("{}; next attempt at {} ({} consecutive failures)", failure.getMessage(), next,
                    backoff.failures());
        } else {
            // Not the server's doing (the repository or the spool failed): keep the trace.
            LOG.error("Poll of {} failed; next attempt at {} ({} consecutive failures)", account, next,
                    backoff.failures(), failure);
        }
    }

    /** Polls skipped because the mailbox was backing off after failures. */
    public long getSkippedPolls() {
        return skippedPolls.get();
    }

    /** Failed polls since the last one that succeeded. */
    public int getConsecutiveFailures() {
        return backoff == null ? 0 : backoff.failures();
    }

    /** QUIT makes the DELEs of this session take effect (RFC 1939); without it the sweep retries them later. */
    private void quit(POP3Folder folder, Store store, Drain drain) {
        try {
            if (folder != null && folder.isOpen()) {
                folder.close(true);
            }
        } catch (MessagingException e) {
            LOG.warn("QUIT to {} failed ({}); {} deletions did not take effect and are retried on the next poll",
                    endpoint.getAccount(), oneLine(e.getMessage()), drain.deleted);
        }
        try {
            if (store != null) {
                store.close();
            }
        } catch (MessagingException e) {
            LOG.debug("Ignoring a failure to close the connection to {}: the session is over either way",
                    endpoint.getAccount(), e);
        }
        drain.finish();
    }

    private static String describe(Exception e) {
        StringBuilder sb = new StringBuilder(oneLine(e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null && cause != cause.getCause()) {
            String message = oneLine(cause.getMessage());
            // JSSE repeats its cause's message; once is enough for a line someone has to read.
            if (!sb.toString().contains(message)) {
                sb.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(message).append(')');
            }
            cause = cause.getCause();
        }
        return sb.toString();
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").trim();
    }

    /** One poll's state: the server's messages by key and the counters reported at its end. */
    private final class Drain {
        private final Pop3Account account;
        private final long startNanos = System.nanoTime();
        private int onServer;
        private int skipped;
        private int fetched;
        private int processed;
        private int failed;
        private int deleted;
        private long bytes;
        private long millis;
        private long lastProgress = startNanos;
        private final SyncBatch batch = new SyncBatch(forcing);
        /** Messages whose exchanges completed since the last commit point. */
        private final List<Completed> completed = new ArrayList<>();
        private long lastCommit = startNanos;
        /** When the last commit point (or, with nothing to commit, the check of the UIDLs) ended. */
        private long committedAt;

        Drain(Pop3Account account) {
            this.account = account;
        }

        void run(Store store, POP3Folder folder) throws MessagingException, IOException {
            Message[] messages = folder.getMessages();
            onServer = messages.length;
            if (messages.length == 0) {
                return;
            }
            String[] keys = keys(store, folder, messages);
            IdempotentRepository repo = endpoint.getIdempotentRepository();
            DeletePolicy policy = endpoint.getDeletePolicy();
            Instant now = endpoint.getClock().instant();
            List<Integer> fresh = new ArrayList<>();
            for (int i = 0; i < messages.length; i++) {
                if (repo.contains(keys[i])) {
                    skipped++;
                    sweep(messages[i], keys[i], policy, now);
                } else {
                    fresh.add(i);
                }
            }
            committedAt = System.nanoTime();
            int limit = endpoint.getMaxMessagesPerPoll() > 0 ? endpoint.getMaxMessagesPerPoll() : Integer.MAX_VALUE;
            int total = Math.min(limit, fresh.size());
            for (int n = 0; n < total && isRunAllowed(); n++) {
                int i = fresh.get(n);
                process(folder, messages[i], keys[i], policy);
                progress(n + 1, total);
                if (completedCount() >= endpoint.getSyncBatchSize()
                        || System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS) {
                    commit();
                }
            }
            commit();
        }

        /** Deletes a message processed on an earlier poll whose deletion is due but never took effect. */
        private void sweep(Message message, String key, DeletePolicy policy, Instant now) throws MessagingException {
            if (!policy.deletes() || held(key)) {
                return;
            }
            Instant processedAt = null;
            if (policy.needsProcessedTime()) {
                Optional<Instant> at = ((ProcessedTimestamps) endpoint.getIdempotentRepository()).processedAt(key);
                processedAt = at.orElse(null);
            }
            if (policy.isDue(processedAt, now)) {
                message.setFlag(Flags.Flag.DELETED, true);
                deleted++;
            }
        }

        private void process(POP3Folder folder, Message message, String key, DeletePolicy policy)
                throws MessagingException, IOException {
            IdempotentRepository repo = endpoint.getIdempotentRepository();
            if (!repo.add(key)) {
                // Another consumer of the same maildrop holds it; POP3 allows one session, so this is rare.
                skipped++;
                return;
            }
            Path spool = null;
            Instant receivedAt = Instant.now();
            long size;
            try {
                spool = Files.createTempFile(endpoint.spoolPath(), "pop3-", ".eml");
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), SPOOL_BUFFER_BYTES)) {
                    message.writeTo(out);
                }
                size = Files.size(spool);
            } catch (FolderClosedException | StoreClosedException e) {
                repo.remove(key);
                deleteQuietly(spool);
                failed++;
                throw e;
            } catch (MessagingException | IOException e) {
                repo.remove(key);
                deleteQuietly(spool);
                failed++;
                if (e instanceof IOException && !folder.isOpen()) {
                    throw e;
                }
                LOG.warn("Retrieving message {} of {} failed: {}; it is fetched again on the next poll",
                        message.getMessageNumber(), account, describe(e));
                return;
            }
            fetched++;
            bytes += size;

            String uidl = key.substring(account.toString().length() + 1);
            Exchange exchange = createExchange(false);
            try {
                exchange.getIn().setBody(spool.toFile());
                exchange.getIn().setHeader(Pop3Headers.ACCOUNT, account.toString());
                exchange.getIn().setHeader(Pop3Headers.UIDL, uidl);
                exchange.getIn().setHeader(Pop3Headers.KEY, key);
                exchange.getIn().setHeader(Pop3Headers.MESSAGE_NUMBER, message.getMessageNumber());
                exchange.getIn().setHeader(Pop3Headers.SIZE, size);
                exchange.getIn().setHeader(Pop3Headers.RECEIVED_AT, receivedAt);
                exchange.setProperty(SyncBatch.PROPERTY, batch);
                Path spooled = spool;
                exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                    @Override
                    public void onComplete(Exchange done) {
                        synchronized (completed) {
                            completed.add(new Completed(message, key));
                        }
                        deleteQuietly(spooled);
                    }

                    @Override
                    public void onFailure(Exchange done) {
                        repo.remove(key);
                        failed++;
                        deleteQuietly(spooled);
                    }

                    @Override
                    public boolean allowHandover() {
                        // DELE must be sent on the session that retrieved the message.
                        return false;
                    }
                });
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            } finally {
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("Processing message " + key + " failed; it is fetched "
                            + "again on the next poll", exchange, exchange.getException());
                }
                releaseExchange(exchange, false);
            }
        }

        private int completedCount() {
            synchronized (completed) {
                return completed.size();
            }
        }

        /**
         * The commit point: forces every write the completed messages registered, confirms their keys together, and
         * only then marks them for deletion (which takes effect at QUIT).
         */
        void commit() throws IOException {
            List<Completed> done;
            synchronized (completed) {
                done = new ArrayList<>(completed);
                completed.clear();
            }
            lastCommit = System.nanoTime();
            if (done.isEmpty() && batch.isEmpty()) {
                return;
            }
            IdempotentRepository repo = endpoint.getIdempotentRepository();
            try {
                batch.forceAll();
            } catch (IOException e) {
                for (Completed c : done) {
                    repo.remove(c.key());
                }
                failed += done.size();
                throw new IOException("Forcing the writes of " + done.size() + " messages of " + account + " to disk "
                        + "failed; they are fetched again on the next poll: " + e.getMessage(), e);
            }
            List<String> keys = new ArrayList<>(done.size());
            for (Completed c : done) {
                keys.add(c.key());
            }
            if (repo instanceof BatchConfirm journal) {
                journal.confirmAll(keys);
            } else {
                for (String key : keys) {
                    if (!repo.confirm(key)) {
                        LOG.warn("Repository refused to confirm {}; the message may be fetched again", key);
                    }
                }
            }
            processed += done.size();
            DeletePolicy policy = endpoint.getDeletePolicy();
            for (Completed c : done) {
                if (policy.deletesAtOnce() && !held(c.key())) {
                    try {
                        c.message().setFlag(Flags.Flag.DELETED, true);
                        deleted++;
                    } catch (MessagingException e) {
                        LOG.warn("Could not mark {} for deletion ({}); the sweep of a later poll deletes it", c.key(),
                                oneLine(e.getMessage()));
                    }
                }
            }
            committedAt = System.nanoTime();
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

        /** A held message (quarantined: not every sink confirmed it) stays on the server until it is released. */
        private boolean held(String key) {
            IdempotentRepository hold = endpoint.getHoldRepository();
            return hold != null && hold.contains(key);
        }

        /** One UIDL for the whole maildrop; the fallback keys on Message-ID at the price of one TOP per message. */
        private String[] keys(Store store, POP3Folder folder, Message[] messages) throws MessagingException {
            boolean advertised = true;
            Map<String, String> capabilities = ((POP3Store) store).capabilities();
            if (capabilities != null && !capabilities.isEmpty() && !capabilities.containsKey("UIDL")) {
                advertised = false;
            }
            String[] keys = new String[messages.length];
            if (advertised) {
                FetchProfile uids = new FetchProfile();
                uids.add(UIDFolder.FetchProfileItem.UID);
                folder.fetch(messages, uids);
                boolean complete = true;
                for (int i = 0; i < messages.length && complete; i++) {
                    String uid = folder.getUID(messages[i]);
                    if (uid == null) {
                        complete = false;
                    } else {
                        keys[i] = account.key(uid);
                    }
                }
                if (complete) {
                    return keys;
                }
            }
            if (!Pop3IngestEndpoint.UIDL_FALLBACK_MESSAGE_ID.equals(endpoint.getUidlFallback())) {
                throw new Pop3ServerException("POP3 server " + endpoint.getHost() + ":" + endpoint.effectivePort()
                        + " does not support UIDL, so messages cannot be told apart across sessions. "
                        + "Set uidlFallback=message-id to key them on the Message-ID header instead "
                        + "(one TOP per message and poll)");
            }
            for (int i = 0; i < messages.length; i++) {
                keys[i] = account.key(fallbackId(messages[i]));
            }
            return keys;
        }

        private String fallbackId(Message message) throws MessagingException {
            String[] ids = message.getHeader("Message-ID");
            if (ids != null && ids.length > 0 && !ids[0].isBlank()) {
                return "mid:" + ids[0].trim();
            }
            // No Message-ID: the header block is the best stable identity left.
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                var headers = message.getAllHeaders();
                while (headers.hasMoreElements()) {
                    var h = headers.nextElement();
                    sha.update((h.getName() + ":" + h.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                return "hdr:" + HexFormat.of().formatHex(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java platform", e);
            }
        }

        private void progress(int done, int total) {
            long now = System.nanoTime();
            if (now - lastProgress < endpoint.getProgressInterval() * 1_000_000L || done == total) {
                return;
            }
            lastProgress = now;
            double seconds = (now - startNanos) / 1e9;
            double mb = bytes / 1e6;
            LOG.info("Draining {}: {} of {} messages, {} MB, {} MB/s", account, done, total,
                    String.format(Locale.ROOT, "%.1f", mb), String.format(Locale.ROOT, "%.1f", seconds > 0 ? mb / seconds : 0));
        }

        void finish() {
            millis = (System.nanoTime() - startNanos) / 1_000_000;
        }

        Pop3PollResult result() {
            long drained = committedAt == 0 ? millis : (committedAt - startNanos) / 1_000_000;
            return new Pop3PollResult(onServer, skipped, fetched, processed, failed, deleted, bytes, millis, drained);
        }
    }

    /** A message whose exchange completed, waiting for the next commit point. */
    private record Completed(Message message, String key) {
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove spool file {} ({}); it is removed at the next start", file, e.getMessage());
        }
    }
}
