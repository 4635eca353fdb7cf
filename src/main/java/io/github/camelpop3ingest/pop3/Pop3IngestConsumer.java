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
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelpop3ingest.exchange.CommitPoint;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.repository.BatchConfirm;
import io.github.camelpop3ingest.repository.BoundedKeys;
import io.github.camelpop3ingest.repository.ProcessedTimestamps;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one maildrop: one UIDL per poll, skips processed keys before any TOP or RETR, streams new messages into the
 * spool on a fetching thread (RETRs pipelined when the server offers PIPELINING) while the poll's thread runs each
 * spooled message through the route, and confirms and deletes messages only at commit points, after their writes are
 * durable; a failing mailbox is tried again only as its {@link PollBackoff} allows.
 */
public class Pop3IngestConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestConsumer.class);
    private static final int SPOOL_BUFFER_BYTES = 64 * 1024;
    /** RFC 2449's response code for a maildrop another session holds; retrying soon only prolongs the lock. */
    private static final String IN_USE = "[IN-USE]";
    /** A commit point at least this often while messages complete, so that a crash costs little work to redo. */
    private static final long COMMIT_INTERVAL_NANOS = 2_000_000_000L;
    /** RETRs in flight when the server offers PIPELINING (RFC 2449); DELEs go out in windows of the same size. */
    static final int PIPELINE_WINDOW = 8;
    /** Spooled messages waiting for the route: how far fetching may run ahead of processing. */
    private static final int FETCH_AHEAD = 4;

    private final Pop3IngestEndpoint endpoint;
    private Set<Pop3PollListener> listeners = Set.of();
    private PollBackoff backoff;
    private LoginDelay loginDelay;
    private final AtomicLong skippedPolls = new AtomicLong();
    /** Keys seen on the server but not processed yet, with the time a poll first saw them (poll thread only). */
    private final Map<String, Instant> waitingSince = new HashMap<>();
    private long oldestWaitingMillis;
    private ExecutorService forcing;
    private ExecutorService fetching;
    private RepeatedFailures failures;

    public Pop3IngestConsumer(Pop3IngestEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        listeners = getEndpoint().getCamelContext().getRegistry().findByType(Pop3PollListener.class);
        cleanSpool();
        String stateDir = endpoint.getConfiguration().getStateDir();
        failures = new RepeatedFailures(stateDir == null || stateDir.isBlank() ? null
                : Path.of(stateDir, "failures-" + Integer.toHexString(endpoint.getAccount().toString().hashCode())
                        + ".json"));
        Pop3IngestComponent component = (Pop3IngestComponent) endpoint.getComponent();
        forcing = component.forcing();
        fetching = component.fetching();
        backoff = new PollBackoff(Duration.ofMillis(getDelay()),
                Duration.ofMillis(endpoint.getConfiguration().getAuthBackoff()),
                Duration.ofMillis(endpoint.getConfiguration().getMaxBackoff()), endpoint.getBackoffClock());
        loginDelay = new LoginDelay(endpoint.getBackoffClock());
        super.doStart();
    }

    /**
     * Spool files left by a crash belong to unconfirmed messages, which the next poll fetches again. Only this
     * mailbox's files: several mailboxes may share a spool folder.
     */
    private void cleanSpool() throws IOException {
        Path spool = endpoint.settings().spool();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool, spoolPrefix() + "*.eml")) {
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
        if (!loginDelay.due()) {
            skippedPolls.incrementAndGet();
            LOG.debug("Skipping this poll of {}: its server's LOGIN-DELAY of {} s allows the next login at {}", account,
                    loginDelay.delay().toSeconds(), loginDelay.next());
            return 0;
        }
        Drain drain = new Drain(account);
        Exception failure = null;
        Pop3Connection connection = null;
        if (endpoint.getConfiguration().getSecurity() == Pop3Security.PLAIN) {
            // Opted in with allowPlaintext=true, but every connect says it again: the risk must stay visible.
            LOG.warn("Connecting to {} without TLS (security=plain): the password and every message travel in clear",
                    account);
        }
        try {
            connection = endpoint.sessions().open();
            loggedIn(account, connection.loginDelay());
            drain.run(connection);
        } catch (Pop3AuthenticationException e) {
            String reply = oneLine(e.reply());
            failure = new Pop3LoginException(reply.contains(IN_USE) ? "Maildrop " + account + " is locked by another "
                    + "session: " + reply : "Login to " + account + " failed: " + reply, e);
        } catch (Pop3IngestException e) {
            failure = e;
        } catch (IOException e) {
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
            quit(connection, drain);
        }
        if (failure == null) {
            backoff.succeeded();
        } else {
            backedOff(account, failure);
        }
        Pop3PollResult result = drain.result();
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
        return result.fetched();
    }

    /** One line per failed attempt: what failed, and when the mailbox is tried again. */
    private void backedOff(Pop3Account account, Exception failure) {
        Instant next = backoff.failed(failure instanceof Pop3LoginException);
        if (failure instanceof Pop3IngestException) {
            LOG.error("{}; next attempt at {} ({} consecutive failures)", failure.getMessage(), next,
                    backoff.failures());
        } else {
            // Not the server's doing (the repository or the spool failed): keep the trace.
            LOG.error("Poll of {} failed; next attempt at {} ({} consecutive failures)", account, next,
                    backoff.failures(), failure);
        }
    }

    /**
     * Notes the login; the first time the server's LOGIN-DELAY is longer than the poll delay (and whenever it changes
     * to such a value), says how often the mailbox is polled now.
     */
    private void loggedIn(Pop3Account account, Duration announced) {
        long pollDelay = Math.max(1, getDelay());
        if (loginDelay.loggedIn(announced) && announced.toMillis() > pollDelay) {
            // Polls come every poll delay; the first one after the LOGIN-DELAY logs in.
            long effective = (announced.toMillis() + pollDelay - 1) / pollDelay * pollDelay;
            LOG.info("POP3 server of {} announces LOGIN-DELAY {} s, longer than the poll delay of {} ms: polls sooner "
                    + "than that after a login are skipped, so the mailbox is polled about every {} s", account,
                    announced.toSeconds(), getDelay(), String.format(Locale.ROOT, "%.1f", effective / 1000.0));
        }
    }

    /** Polls skipped without contacting the server: backing off after failures, or too soon for its LOGIN-DELAY. */
    public long getSkippedPolls() {
        return skippedPolls.get();
    }

    /** The least seconds between logins that the server announced (LOGIN-DELAY, RFC 2449); 0 when it announced none. */
    public long getLoginDelaySeconds() {
        return loginDelay == null ? 0 : loginDelay.delay().toSeconds();
    }

    /** Failed polls since the last one that succeeded. */
    public int getConsecutiveFailures() {
        return backoff == null ? 0 : backoff.failures();
    }

    /**
     * Sends the DELEs of the poll's committed and swept messages and QUIT, which makes them take effect (RFC 1939);
     * when the session is broken or QUIT fails, the sweep of a later poll deletes them.
     */
    private void quit(Pop3Connection connection, Drain drain) {
        if (connection == null) {
            drain.finish();
            return;
        }
        List<Integer> deletions = drain.deletions();
        try {
            if (!deletions.isEmpty()) {
                List<Integer> refused = connection.delete(deletions, window(connection));
                if (!refused.isEmpty()) {
                    LOG.warn("{} refused to delete {} messages (numbers {}); the sweep of a later poll tries again",
                            drain.account, refused.size(), refused);
                }
                drain.deleted = deletions.size() - refused.size();
            }
            connection.quit();
        } catch (IOException e) {
            drain.deleted = 0;
            LOG.warn("Ending the session with {} failed ({}); {} deletions did not take effect and are retried on the "
                    + "next poll", drain.account, oneLine(e.getMessage()), deletions.size());
        } finally {
            connection.close();
            drain.finish();
        }
    }

    private static int window(Pop3Connection connection) {
        return connection.supportsPipelining() ? PIPELINE_WINDOW : 1;
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

    /**
     * The failure's own words and its root cause's, in one line: a wrapper such as Camel's "Exception occurred during
     * execution on the exchange" says nothing on its own.
     */
    static String rootCause(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootText = root.getClass().getSimpleName() + (root.getMessage() == null ? ""
                : ": " + oneLine(root.getMessage()));
        String own = oneLine(failure.getMessage());
        return root == failure || own.contains(rootText) ? (root == failure ? rootText : own) : own + " (" + rootText + ")";
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
        private int oversize;
        private long bytes;
        private long millis;
        private long lastProgress = startNanos;
        private final CommitPoint batch = new CommitPoint(forcing);
        /** Messages whose exchanges completed since the last commit point. */
        private final List<Completed> completed = new ArrayList<>();
        /** Message numbers to delete at the end of the session: committed, and swept from earlier polls. */
        private final List<Integer> deletions = new ArrayList<>();
        private long lastCommit = startNanos;
        /** When the last commit point (or, with nothing to commit, the check of the UIDLs) ended. */
        private long committedAt;

        Drain(Pop3Account account) {
            this.account = account;
        }

        void run(Pop3Connection connection) throws IOException {
            Map<Integer, String> keys = keys(connection);
            onServer = keys.size();
            // Whatever left the server (deleted elsewhere, or by us) waits no more; nothing to do, and no set of every
            // key to build, on the common poll where nothing waits.
            if (!waitingSince.isEmpty()) {
                waitingSince.keySet().retainAll(new HashSet<>(keys.values()));
            }
            IdempotentRepository repo = endpoint.getIdempotentRepository();
            DeletePolicy policy = endpoint.settings().deletePolicy();
            Instant now = endpoint.getClock().instant();
            Map<Integer, String> fresh = new LinkedHashMap<>();
            for (Map.Entry<Integer, String> e : keys.entrySet()) {
                if (repo.contains(e.getValue())) {
                    skipped++;
                    sweep(e.getKey(), e.getValue(), policy, now);
                } else {
                    fresh.put(e.getKey(), e.getValue());
                    waitingSince.putIfAbsent(e.getValue(), now);
                }
            }
            committedAt = System.nanoTime();
            if (endpoint.getConfiguration().getMaxMessageSize() > 0 && !fresh.isEmpty()) {
                recordOversize(connection, fresh);
            }
            int maxMessages = endpoint.getConfiguration().getMaxMessagesPerPoll();
            int limit = maxMessages > 0 ? maxMessages : Integer.MAX_VALUE;
            Map<Integer, String> reserved = new LinkedHashMap<>();
            for (Map.Entry<Integer, String> e : fresh.entrySet()) {
                if (reserved.size() == limit) {
                    break;
                }
                if (repo.add(e.getValue())) {
                    reserved.put(e.getKey(), e.getValue());
                } else {
                    // Another consumer of the same maildrop holds it; POP3 allows one session, so this is rare.
                    skipped++;
                }
            }
            if (!reserved.isEmpty()) {
                fetch(connection, reserved);
            }
            commit();
        }

        /**
         * RETRs the reserved messages on the fetching thread, which spools them ahead, while this thread runs each
         * spooled message through the route; a key whose message never got through is released for the next poll.
         */
        private void fetch(Pop3Connection connection, Map<Integer, String> reserved) throws IOException {
            IdempotentRepository repo = endpoint.getIdempotentRepository();
            Fetcher fetcher = new Fetcher(connection, new ArrayList<>(reserved.keySet()));
            Future<?> running = fetching.submit(fetcher);
            int total = reserved.size();
            int done = 0;
            boolean finished = false;
            try {
                while (!finished) {
                    Fetched next = fetcher.queue.take();
                    if (next instanceof Spooled spooled) {
                        String key = reserved.remove(spooled.number());
                        if (isRunAllowed()) {
                            fetched++;
                            bytes += spooled.bytes();
                            process(spooled, key);
                        } else {
                            fetcher.stop.set(true);
                            repo.remove(key);
                            deleteQuietly(spooled.file());
                        }
                        progress(++done, total);
                        if (completedCount() >= endpoint.getConfiguration().getSyncBatchSize()
                                || System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS) {
                            commit();
                        }
                    } else if (next instanceof Refused refused) {
                        repo.remove(reserved.remove(refused.number()));
                        failed++;
                        LOG.warn("Retrieving message {} of {} failed: {}; it is fetched again on the next poll",
                                refused.number(), account, oneLine(refused.reply()));
                    } else {
                        finished = true;
                        if (next instanceof Failed f) {
                            // The message being read is not handed over; it is fetched again on the next poll.
                            failed++;
                            throw f.cause() instanceof IOException io ? io : new IOException(f.cause());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while draining " + account, e);
            } finally {
                if (!finished) {
                    // This thread gave up first: stop the fetcher (closing the session ends a blocked read).
                    fetcher.stop.set(true);
                    connection.close();
                    running.cancel(true);
                    fetcher.discardQueued();
                }
                for (String key : reserved.values()) {
                    repo.remove(key);
                }
            }
        }

        /**
         * Takes the messages over maxMessageSize by LIST out of {@code fresh} and routes a headers-only record of each
         * (TOP n 0) instead: the message itself is never retrieved, and its key is held at the commit point, so that
         * no delete policy removes it. Runs before the fetcher, on this thread, since the session is not shared.
         */
        private void recordOversize(Pop3Connection connection, Map<Integer, String> fresh) throws IOException {
            long max = endpoint.getConfiguration().getMaxMessageSize();
            Map<Integer, Long> sizes = connection.list();
            IdempotentRepository repo = endpoint.getIdempotentRepository();
            for (var it = fresh.entrySet().iterator(); it.hasNext();) {
                Map.Entry<Integer, String> e = it.next();
                Long size = sizes.get(e.getKey());
                if (size == null || size <= max) {
                    continue;
                }
                it.remove();
                String key = e.getValue();
                if (!repo.add(key)) {
                    skipped++;
                    continue;
                }
                String problem = "not retrieved: the message is " + size + " octets (LIST), over maxMessageSize "
                        + max + "; message.eml holds only its header (TOP " + e.getKey() + " 0), and the message "
                        + "stays on the server";
                byte[] header;
                try {
                    header = connection.top(e.getKey(), 0);
                } catch (Pop3ReplyException refused) {
                    header = new byte[0];
                    problem = problem.replace("message.eml holds only its header", "the server refused its header ("
                            + oneLine(refused.reply()) + "), so message.eml is empty");
                }
                Path file = Files.createTempFile(endpoint.settings().spool(), spoolPrefix(), ".eml");
                Files.write(file, header);
                oversize++;
                LOG.info("Message {} is {} octets, over maxMessageSize {}: not retrieved; its header is archived and it "
                        + "stays on the server", key, size, max);
                process(new Spooled(e.getKey(), file, header.length, Instant.now()), key, size, problem);
            }
        }

        /** Deletes a message processed on an earlier poll whose deletion is due but never took effect. */
        private void sweep(int number, String key, DeletePolicy policy, Instant now) {
            if (!policy.deletes() || held(key)) {
                return;
            }
            Instant processedAt = null;
            if (policy.needsProcessedTime()) {
                Optional<Instant> at = ((ProcessedTimestamps) endpoint.getIdempotentRepository()).processedAt(key);
                processedAt = at.orElse(null);
            }
            if (policy.isDue(processedAt, now)) {
                deletions.add(number);
            }
        }

        private void process(Spooled spooled, String key) {
            process(spooled, key, 0, null);
        }

        /** Runs one spooled message through the route; {@code headersOnly} names why only its header is there. */
        private void process(Spooled spooled, String key, long listSize, String headersOnly) {
            IdempotentRepository repo = endpoint.getIdempotentRepository();
            String uidl = key.substring(account.toString().length() + 1);
            RepeatedFailures.Entry before = failures.of(key, spooled.bytes());
            Exchange exchange = createExchange(false);
            try {
                exchange.getIn().setBody(spooled.file().toFile());
                exchange.getIn().setHeader(IngestExchange.ACCOUNT, account.toString());
                exchange.getIn().setHeader(IngestExchange.UIDL, uidl);
                exchange.getIn().setHeader(IngestExchange.KEY, key);
                exchange.getIn().setHeader(IngestExchange.MESSAGE_NUMBER, spooled.number());
                exchange.getIn().setHeader(IngestExchange.SIZE, spooled.bytes());
                exchange.getIn().setHeader(IngestExchange.RECEIVED_AT, spooled.receivedAt());
                exchange.getIn().setHeader(IngestExchange.FAILED_ATTEMPTS, before == null ? 0 : before.count());
                if (headersOnly != null) {
                    exchange.getIn().setHeader(IngestExchange.OVERSIZE, listSize);
                    exchange.getIn().setHeader(IngestExchange.HEADERS_ONLY, headersOnly);
                }
                int maxFailures = endpoint.getConfiguration().getMaxFailures();
                if (before != null && maxFailures > 0 && before.count() >= maxFailures) {
                    exchange.getIn().setHeader(IngestExchange.REPEATED_FAILURE, "failed " + before.count()
                            + " times in a row, last: " + before.last());
                }
                IngestExchange.setCommitPoint(exchange, batch);
                exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                    @Override
                    public void onComplete(Exchange done) {
                        synchronized (completed) {
                            completed.add(new Completed(spooled.number(), key, headersOnly != null));
                        }
                        deleteQuietly(spooled.file());
                        failures.succeeded(key);
                    }

                    @Override
                    public void onFailure(Exchange done) {
                        repo.remove(key);
                        failed++;
                        deleteQuietly(spooled.file());
                        failures.failed(key, spooled.bytes(), rootCause(done.getException()));
                    }

                    @Override
                    public boolean allowHandover() {
                        // The commit point and DELE belong to the session that retrieved the message.
                        return false;
                    }
                });
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            } finally {
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException(failureLine(key, before, exchange.getException()), exchange,
                            exchange.getException());
                }
                releaseExchange(exchange, false);
            }
        }

        /** Names the message, the root cause, and what happens next to the message. */
        private String failureLine(String key, RepeatedFailures.Entry before, Exception failure) {
            int count = before == null ? 1 : before.count() + 1;
            int max = endpoint.getConfiguration().getMaxFailures();
            String next = max == 0 || count < max ? "it is fetched again on the next poll (" + count + " of " + max
                    + " failures in a row before it is archived unsplit and quarantined)"
                    : "the next attempt archives it unsplit and sends it to quarantine";
            return "Processing message " + key + " failed: " + rootCause(failure) + "; " + next;
        }

        private int completedCount() {
            synchronized (completed) {
                return completed.size();
            }
        }

        /**
         * The commit point: forces every write the completed messages registered, confirms their keys together, and
         * only then lists them for deletion (sent before QUIT, which makes it take effect).
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
            hold(done);
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
            for (Completed c : done) {
                waitingSince.remove(c.key());
            }
            if (endpoint.settings().deletePolicy().deletesAtOnce()) {
                for (Completed c : done) {
                    if (!held(c.key())) {
                        deletions.add(c.number());
                    }
                }
            }
            committedAt = System.nanoTime();
        }

        /**
         * Holds the keys of headers-only records before their keys are confirmed, so that no delete policy ever
         * removes a message that was not retrieved.
         */
        private void hold(List<Completed> done) {
            IdempotentRepository hold = endpoint.getConfiguration().getHoldRepository();
            if (hold == null) {
                return;
            }
            for (Completed c : done) {
                if (c.headersOnly() && !hold.contains(c.key())) {
                    hold.add(c.key());
                    hold.confirm(c.key());
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

        List<Integer> deletions() {
            return List.copyOf(deletions);
        }

        /** A held message (quarantined: not every sink confirmed it) stays on the server until it is released. */
        private boolean held(String key) {
            IdempotentRepository hold = endpoint.getConfiguration().getHoldRepository();
            return hold != null && hold.contains(key);
        }

        /**
         * Every message's key by message number, from one UIDL for the whole maildrop; the fallback keys on
         * Message-ID at the price of one TOP per message.
         */
        private Map<Integer, String> keys(Pop3Connection connection) throws IOException {
            Map<String, List<String>> capabilities = connection.capabilities();
            boolean advertised = capabilities.isEmpty() || capabilities.containsKey("UIDL");
            List<Pop3Listing> listings = advertised ? connection.uidl() : null;
            Map<Integer, String> keys = new LinkedHashMap<>();
            if (listings != null) {
                for (Pop3Listing listing : listings) {
                    keys.put(listing.number(), account.key(listing.uid()).toString());
                }
                return keys;
            }
            if (endpoint.getConfiguration().getUidlFallback() != Pop3UidlFallback.MESSAGE_ID) {
                throw new Pop3ServerException("POP3 server " + endpoint.settings().server()
                        + " does not support UIDL, so messages cannot be told apart across sessions. "
                        + "Set uidlFallback=message-id to key them on the Message-ID header instead "
                        + "(one TOP per message and poll)");
            }
            for (Integer number : connection.list().keySet()) {
                keys.put(number, account.key(fallbackId(connection.top(number, 0))).toString());
            }
            return keys;
        }

        private void progress(int done, int total) {
            long now = System.nanoTime();
            if (now - lastProgress < endpoint.getConfiguration().getProgressInterval() * 1_000_000L || done == total) {
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

        void finish() {
            millis = (System.nanoTime() - startNanos) / 1_000_000;
            Instant now = endpoint.getClock().instant();
            oldestWaitingMillis = waitingSince.values().stream().min(Instant::compareTo)
                    .map(since -> Math.max(0, Duration.between(since, now).toMillis())).orElse(0L);
        }

        Pop3PollResult result() {
            long drained = committedAt == 0 ? millis : (committedAt - startNanos) / 1_000_000;
            return new Pop3PollResult(onServer, skipped, fetched, processed, failed, deleted, bytes, millis, drained,
                    oldestWaitingMillis, oversize);
        }
    }

    /**
     * The Message-ID of a message's header block (from TOP n 0), or when it has none a hash of the whole block, the
     * best stable identity left.
     */
    static String fallbackId(byte[] header) {
        String text = new String(header, StandardCharsets.ISO_8859_1);
        String unfolded = text.replaceAll("\\r?\\n[ \\t]+", " ");
        for (String line : unfolded.split("\\r?\\n")) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Message-ID")) {
                String id = line.substring(colon + 1).trim();
                if (!id.isEmpty()) {
                    // The sender chooses its length; the key must fit every repository.
                    return BoundedKeys.bound("mid:" + id);
                }
            }
        }
        try {
            return "hdr:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(header));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** What the fetching thread hands to the poll's thread, in the server's order. */
    private sealed interface Fetched permits Spooled, Refused, Failed, End {
    }

    /** A message retrieved whole into its spool file. */
    private record Spooled(int number, Path file, long bytes, Instant receivedAt) implements Fetched {
    }

    /** The server answered -ERR to this RETR. */
    private record Refused(int number, String reply) implements Fetched {
    }

    /** The session failed; nothing follows. */
    private record Failed(Throwable cause) implements Fetched {
    }

    /** Every RETR was answered; nothing follows. */
    private record End() implements Fetched {
    }

    /** RETRs a poll's messages into spool files, a bounded number ahead of the route. */
    private final class Fetcher implements Runnable, RetrieveHandler {
        private final Pop3Connection connection;
        private final List<Integer> numbers;
        final BlockingQueue<Fetched> queue = new ArrayBlockingQueue<>(FETCH_AHEAD);
        final AtomicBoolean stop = new AtomicBoolean();
        private Path current;

        Fetcher(Pop3Connection connection, List<Integer> numbers) {
            this.connection = connection;
            this.numbers = numbers;
        }

        @Override
        public void run() {
            Fetched last;
            try {
                connection.retrieve(numbers, window(connection), this);
                last = new End();
            } catch (IOException | RuntimeException e) {
                deleteQuietly(current);
                last = new Failed(e);
            }
            try {
                queue.put(last);
            } catch (InterruptedException e) {
                // The poll's thread gave up on this fetch and no longer reads the queue.
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public OutputStream open(int number) throws IOException {
            current = Files.createTempFile(endpoint.settings().spool(), spoolPrefix(), ".eml");
            return new BufferedOutputStream(Files.newOutputStream(current), SPOOL_BUFFER_BYTES);
        }

        @Override
        public void retrieved(int number, long size) throws IOException {
            Path file = current;
            current = null;
            hand(new Spooled(number, file, size, Instant.now()), file);
        }

        @Override
        public void refused(int number, String reply) throws IOException {
            hand(new Refused(number, reply), null);
        }

        @Override
        public boolean keepGoing() {
            return !stop.get();
        }

        private void hand(Fetched fetched, Path file) throws IOException {
            try {
                queue.put(fetched);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deleteQuietly(file);
                throw new IOException("Fetching from " + endpoint.getAccount() + " was interrupted", e);
            }
        }

        /** Removes the spool files nobody will process. */
        void discardQueued() {
            Fetched f;
            while ((f = queue.poll()) != null) {
                if (f instanceof Spooled spooled) {
                    deleteQuietly(spooled.file());
                }
            }
        }
    }

    /** The name prefix of this mailbox's spool files: {@code pop3-} and a short hash of the account. */
    private String spoolPrefix() {
        return "pop3-" + Integer.toHexString(endpoint.getAccount().toString().hashCode()) + "-";
    }

    /** A message whose exchange completed, waiting for the next commit point; headersOnly when it was over the limit. */
    private record Completed(int number, String key, boolean headersOnly) {
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
