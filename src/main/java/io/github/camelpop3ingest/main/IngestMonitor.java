package io.github.camelpop3ingest.main;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.pop3.Pop3LoginException;
import io.github.camelpop3ingest.pop3.Pop3PollListener;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.sink.DeliveryOutcomes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;

/**
 * What each mailbox did, for the health checks ({@link MailboxHealthCheck}) and, when the management server is on,
 * as Micrometer meters tagged {@code mailbox=<user@host:port>}: messages fetched, archived, failed, skipped as
 * duplicates (seen before), delivered and quarantined; bytes; poll duration; and the age of the oldest message
 * waiting on the server.
 */
public final class IngestMonitor implements Pop3PollListener, DeliveryOutcomes.Listener {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "ingestMonitor";

    private final CamelContext context;
    private final Clock clock;
    private final Map<String, MailboxState> mailboxes = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile boolean registryLookedUp;

    /** The latest poll of a mailbox; {@code lastSuccess} is null until one succeeds. */
    public record MailboxState(Instant lastPoll, Instant lastSuccess, Exception lastFailure, int consecutiveFailures) {
        /** Whether the last failure was a refused login (the server answered, so it is reachable). */
        boolean loginRefused() {
            return lastFailure instanceof Pop3LoginException;
        }
    }

    public IngestMonitor(CamelContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    @Override
    public void pollFinished(Pop3Account account, Pop3PollResult result, Exception failure) {
        String mailbox = account.toString();
        Instant now = clock.instant();
        mailboxes.compute(mailbox, (k, old) -> new MailboxState(now,
                failure == null ? now : old == null ? null : old.lastSuccess(), failure,
                failure == null ? 0 : (old == null ? 0 : old.consecutiveFailures()) + 1));
        MeterRegistry meters = meters();
        if (meters == null) {
            return;
        }
        count(meters, "ingest.messages.fetched", mailbox, result.fetched());
        count(meters, "ingest.messages.archived", mailbox, result.processed());
        count(meters, "ingest.messages.failed", mailbox, result.failed());
        count(meters, "ingest.messages.duplicates", mailbox, result.skipped());
        count(meters, "ingest.bytes.fetched", mailbox, result.bytes());
        count(meters, "ingest.messages.oversize", mailbox, result.oversize());
        if (failure != null) {
            count(meters, "ingest.polls.failed", mailbox, 1);
        }
        Timer.builder("ingest.poll.duration").description("A poll of the mailbox, from connect to QUIT")
                .tag("mailbox", mailbox).register(meters).record(result.millis(), TimeUnit.MILLISECONDS);
        waiting(meters, mailbox).set(result.oldestWaitingMillis() / 1000);
    }

    @Override
    public void outcome(String account, String outcome) {
        MeterRegistry meters = meters();
        if (meters != null) {
            count(meters, "ingest.messages." + outcome, account, 1);
        }
    }

    /** The latest poll of {@code mailbox}, or null before its first. */
    public MailboxState state(String mailbox) {
        return mailboxes.get(mailbox);
    }

    /** How long ago the mailbox's last successful poll was, or null if none succeeded yet. */
    public Duration sinceLastSuccess(String mailbox) {
        MailboxState s = mailboxes.get(mailbox);
        return s == null || s.lastSuccess() == null ? null : Duration.between(s.lastSuccess(), clock.instant());
    }

    private final Map<String, AtomicLong> waitingSeconds = new ConcurrentHashMap<>();

    private AtomicLong waiting(MeterRegistry meters, String mailbox) {
        return waitingSeconds.computeIfAbsent(mailbox, m -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("ingest.oldest.waiting.seconds", value, AtomicLong::get)
                    .description("Age of the oldest message on the server that is not processed yet")
                    .tag("mailbox", m).register(meters);
            return value;
        });
    }

    private static void count(MeterRegistry meters, String name, String mailbox, long amount) {
        Counter counter = Counter.builder(name).tag("mailbox", mailbox).register(meters);
        if (amount > 0) {
            counter.increment(amount);
        }
    }

    /** The registry camel-micrometer set up when metrics are on; null when they are off. */
    private MeterRegistry meters() {
        if (!registryLookedUp) {
            // Once: camel-micrometer binds its registry while the context is configured, before any poll; with metrics
            // off there is none, and a registry scan per message and poll would be wasted.
            registry = context.getRegistry().findSingleByType(MeterRegistry.class);
            registryLookedUp = true;
        }
        return registry;
    }
}
