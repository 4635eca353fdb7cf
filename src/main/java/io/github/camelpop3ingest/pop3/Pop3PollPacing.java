package io.github.camelpop3ingest.pop3;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a poll may contact the mailbox now: not while it backs off after failures ({@link PollBackoff}), nor sooner
 * than its server's LOGIN-DELAY allows ({@link LoginDelay}); says so in the log when either changes the pace.
 * The poll's thread updates it; JMX and health checks read it from other threads, which its parts allow.
 */
final class Pop3PollPacing {

    // The consumer's category: operators follow a poll's lines under one logger name.
    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestConsumer.class);

    private final Pop3Account account;
    /** The poll delay in milliseconds. */
    private final long pollDelay;
    private final PollBackoff backoff;
    private final LoginDelay loginDelay;
    /** Outlives this pacing: the consumer's count goes on across restarts. */
    private final AtomicLong skippedPolls;

    /**
     * @param authBackoff the least wait after a refused login or a locked maildrop
     * @param maxBackoff  the longest wait after failures
     * @param skippedPolls counts the polls that may not contact the server
     */
    Pop3PollPacing(Pop3Account account, long pollDelay, Duration authBackoff, Duration maxBackoff, Clock clock,
            AtomicLong skippedPolls) {
        this.account = account;
        this.skippedPolls = skippedPolls;
        this.pollDelay = pollDelay;
        this.backoff = new PollBackoff(Duration.ofMillis(pollDelay), authBackoff, maxBackoff, clock);
        this.loginDelay = new LoginDelay(clock);
    }

    /** Whether this poll may contact the server; a poll that may not is counted as skipped. */
    boolean due() {
        if (!backoff.due()) {
            skippedPolls.incrementAndGet();
            LOG.debug("Skipping this poll of {}: backing off after {} consecutive failures", account, backoff.failures());
            return false;
        }
        if (!loginDelay.due()) {
            skippedPolls.incrementAndGet();
            LOG.debug("Skipping this poll of {}: its server's LOGIN-DELAY of {} s allows the next login at {}", account,
                    loginDelay.delay().toSeconds(), loginDelay.next());
            return false;
        }
        return true;
    }

    /**
     * Notes the login; the first time the server's LOGIN-DELAY is longer than the poll delay (and whenever it changes
     * to such a value), says how often the mailbox is polled now.
     */
    void loggedIn(Duration announced) {
        long delay = Math.max(1, pollDelay);
        if (loginDelay.loggedIn(announced) && announced.toMillis() > delay) {
            // Polls come every poll delay; the first one after the LOGIN-DELAY logs in.
            long effective = (announced.toMillis() + delay - 1) / delay * delay;
            LOG.info("POP3 server of {} announces LOGIN-DELAY {} s, longer than the poll delay of {} ms: polls sooner "
                    + "than that after a login are skipped, so the mailbox is polled about every {} s", account,
                    announced.toSeconds(), pollDelay, String.format(Locale.ROOT, "%.1f", effective / 1000.0));
        }
    }

    void succeeded() {
        backoff.succeeded();
    }

    /** One line per failed attempt: what failed, and when the mailbox is tried again. */
    void failed(Exception failure) {
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

    long loginDelaySeconds() {
        return loginDelay.delay().toSeconds();
    }

    int consecutiveFailures() {
        return backoff.failures();
    }
}
