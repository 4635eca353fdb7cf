package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelpop3ingest.exchange.IngestExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one maildrop, one stage after the other: the {@link Pop3Inventory} skips processed messages before any TOP or
 * RETR, the {@link Pop3SpoolingFetcher} spools new ones ahead of the route, {@link Pop3OnCompletion} confirms them at
 * commit points once their writes are durable, {@link Pop3Deletions} deletes what the policy lets go, and
 * {@link Pop3PollStatistics} reports; {@link Pop3PollPacing} says when a poll may contact the server at all.
 * <p>
 * Threads: polls run one at a time on the scheduler's thread, which owns every stage of a poll; exchanges may
 * complete on other threads, which only reach {@link Pop3OnCompletion}'s callbacks.
 */
public class Pop3IngestConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestConsumer.class);
    /** RFC 2449's response code for a maildrop another session holds; retrying soon only prolongs the lock. */
    private static final String IN_USE = "[IN-USE]";

    private final Pop3IngestEndpoint endpoint;
    private final AtomicLong skippedPolls = new AtomicLong();
    private final Pop3WaitingMessages waiting = new Pop3WaitingMessages();
    private Set<Pop3PollListener> listeners = Set.of();
    private Pop3Account account;
    private Pop3PollPacing pacing;
    private RepeatedFailures failures;
    private Pop3Inventory inventory;
    private Pop3SpoolingFetcher fetcher;
    private IdempotentRepository repository;
    private IdempotentRepository holdRepository;
    private ExecutorService forcing;
    private Clock clock;
    private DeletePolicy deletePolicy;
    private int syncBatchSize;
    private long progressInterval;
    private boolean plaintext;

    public Pop3IngestConsumer(Pop3IngestEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        listeners = getEndpoint().getCamelContext().getRegistry().findByType(Pop3PollListener.class);
        Pop3IngestConfiguration options = endpoint.getConfiguration();
        ResolvedPop3Settings settings = endpoint.settings();
        account = settings.account();
        repository = endpoint.getIdempotentRepository();
        holdRepository = options.getHoldRepository();
        clock = endpoint.getClock();
        deletePolicy = settings.deletePolicy();
        syncBatchSize = options.getSyncBatchSize();
        progressInterval = options.getProgressInterval();
        plaintext = options.getSecurity() == Pop3Security.PLAIN;
        Pop3Spool spool = new Pop3Spool(settings.spool(), account);
        spool.clean();
        String stateDir = options.getStateDir();
        failures = new RepeatedFailures(stateDir == null || stateDir.isBlank() ? null
                : Path.of(stateDir, "failures-" + Integer.toHexString(account.toString().hashCode()) + ".json"),
                options.getMaxFailures());
        Pop3IngestComponent component = (Pop3IngestComponent) endpoint.getComponent();
        forcing = component.forcing();
        inventory = new Pop3Inventory(account, repository, waiting,
                options.getUidlFallback() == Pop3UidlFallback.MESSAGE_ID, settings.server(),
                options.getMaxMessagesPerPoll(), options.getMaxMessageSize());
        fetcher = new Pop3SpoolingFetcher(account, spool, component.fetching(), inventory, this::isRunAllowed);
        pacing = new Pop3PollPacing(account, getDelay(), Duration.ofMillis(options.getAuthBackoff()),
                Duration.ofMillis(options.getMaxBackoff()), endpoint.getBackoffClock(), skippedPolls);
        super.doStart();
    }

    @Override
    protected int poll() throws Exception {
        if (!pacing.due()) {
            return 0;
        }
        Pop3PollStatistics statistics = new Pop3PollStatistics(account, progressInterval);
        Pop3Deletions deletions = new Pop3Deletions(account, deletePolicy, repository, holdRepository);
        Pop3OnCompletion completion = new Pop3OnCompletion(account, repository, holdRepository, failures, deletions,
                waiting, statistics, syncBatchSize, forcing);
        Exception failure = null;
        Pop3Connection connection = null;
        try {
            connection = open();
            drain(connection, statistics, completion, deletions);
        } catch (IOException | RuntimeException e) {
            failure = failure(e);
        } finally {
            // Messages that completed before a failure are kept: their writes are forced and their keys confirmed.
            Exception lost = completion.commitQuietly();
            failure = failure == null ? lost : failure;
            statistics.deleted(connection == null ? 0 : deletions.endSession(connection));
            statistics.finish(waiting.oldestMillis(clock.instant()));
        }
        if (failure == null) {
            pacing.succeeded();
        } else {
            pacing.failed(failure);
        }
        return statistics.report(listeners, failure).fetched();
    }

    /** Inventory, then fetch and route, then the last commit point; DELE and QUIT follow in {@link #poll}. */
    private void drain(Pop3Connection connection, Pop3PollStatistics statistics, Pop3OnCompletion completion,
            Pop3Deletions deletions) throws IOException {
        Instant now = clock.instant();
        Pop3Inventory.Listing listing = inventory.take(connection, now);
        deletions.sweep(listing.processedBefore(), now);
        statistics.listed(listing.onServer(), listing.processedBefore().size());
        Pop3SpoolingFetcher.Route route = (message, spooled) -> route(message, spooled, completion);
        fetcher.recordHeaders(connection, inventory.oversized(connection, listing.fresh()), statistics, route);
        List<Pop3MessageRef> reserved = inventory.reserve(listing.fresh(), statistics);
        if (!reserved.isEmpty()) {
            fetcher.fetch(connection, reserved, statistics, completion, route);
        }
        completion.commit();
    }

    /** Runs one spooled message through the route; its completion is recorded for the next commit point. */
    private void route(Pop3MessageRef message, Pop3SpoolingFetcher.Spooled spooled, Pop3OnCompletion completion) {
        RepeatedFailures.Entry before = failures.of(message.stored(), spooled.bytes());
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(spooled.file().toFile());
            IngestExchange.setMessage(exchange, message.key(), message.number(), spooled.bytes(),
                    spooled.receivedAt());
            IngestExchange.setFailedAttempts(exchange, before == null ? 0 : before.count());
            if (spooled.headersOnly() != null) {
                IngestExchange.setHeadersOnly(exchange, spooled.listSize(), spooled.headersOnly());
            }
            String poison = failures.poison(before);
            if (poison != null) {
                IngestExchange.setRepeatedFailure(exchange, poison);
            }
            IngestExchange.setCommitPoint(exchange, completion.writes());
            exchange.getExchangeExtension().addOnCompletion(completion.of(message, spooled.file(), spooled.bytes(),
                    spooled.headersOnly() != null));
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException(failures.failureLine(message.stored(), before,
                        exchange.getException()), exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }

    /** Opens the session and logs in; every plaintext connect says so again. */
    private Pop3Connection open() throws IOException {
        if (plaintext) {
            // Opted in with allowPlaintext=true, but every connect says it again: the risk must stay visible.
            LOG.warn("Connecting to {} without TLS (security=plain): the password and every message travel in clear",
                    account);
        }
        Pop3Connection connection = endpoint.sessions().open();
        pacing.loggedIn(connection.loginDelay());
        return connection;
    }

    /** The poll's failure as listeners and the backoff see it: a refused login or locked maildrop is its own kind. */
    private Exception failure(Exception e) {
        if (e instanceof Pop3AuthenticationException refused) {
            String reply = Pop3FailureText.oneLine(refused.reply());
            return new Pop3LoginException(reply.contains(IN_USE) ? "Maildrop " + account + " is locked by another "
                    + "session: " + reply : "Login to " + account + " failed: " + reply, refused);
        }
        if (e instanceof IOException) {
            LOG.debug("Cause of the failed poll of {}", account, e);
            return new Pop3ServerException("Poll of " + account + " failed: " + Pop3FailureText.describe(e), e);
        }
        // A server failure says what failed; anything else is not the server's doing (the repository or the spool
        // failed): keep it whole, and still tell listeners, so that a drain-once job ends.
        return e;
    }

    /** Polls skipped without contacting the server: backing off after failures, or too soon for its LOGIN-DELAY. */
    public long getSkippedPolls() {
        return skippedPolls.get();
    }

    /** The least seconds between logins that the server announced (LOGIN-DELAY, RFC 2449); 0 when it announced none. */
    public long getLoginDelaySeconds() {
        return pacing == null ? 0 : pacing.loginDelaySeconds();
    }

    /** Failed polls since the last one that succeeded. */
    public int getConsecutiveFailures() {
        return pacing == null ? 0 : pacing.consecutiveFailures();
    }
}
