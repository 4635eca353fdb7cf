package io.github.camelpop3ingest.pop3;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces the attempts of a failing mailbox by {@code delay * 2^(failures-1)}, capped, and by at least a longer wait
 * after a refused login or a locked maildrop, so that tight retries never get an account locked; a success resets it.
 */
public final class PollBackoff {

    private final Duration delay;
    private final Duration authBackoff;
    private final Duration maxBackoff;
    private final Clock clock;
    private int failures;
    private Instant lastFailure;
    private Instant nextAttempt;

    /**
     * @param delay       the wait after a first ordinary failure, normally the poll delay
     * @param authBackoff the least wait after a refused login or a locked maildrop
     * @param maxBackoff  the longest wait; it also caps {@code authBackoff}
     */
    public PollBackoff(Duration delay, Duration authBackoff, Duration maxBackoff, Clock clock) {
        this.delay = delay;
        this.authBackoff = authBackoff;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
    }

    /** Whether a poll may try the server now. */
    public synchronized boolean due() {
        if (nextAttempt == null) {
            return true;
        }
        Instant now = clock.instant();
        // A clock set back must not stretch the wait beyond what was announced.
        return !now.isBefore(nextAttempt) || now.isBefore(lastFailure);
    }

    /**
     * Records a failed attempt and returns when the next one is due.
     *
     * @param refusedLogin the server refused the credentials or reported the maildrop locked
     */
    public synchronized Instant failed(boolean refusedLogin) {
        failures++;
        Duration base = refusedLogin && authBackoff.compareTo(delay) > 0 ? authBackoff : delay;
        lastFailure = clock.instant();
        nextAttempt = lastFailure.plus(wait(base, failures));
        return nextAttempt;
    }

    /** Records a successful poll: the next failure starts from the plain delay again. */
    public synchronized void succeeded() {
        failures = 0;
        lastFailure = null;
        nextAttempt = null;
    }

    /** Failed attempts since the last success. */
    public synchronized int failures() {
        return failures;
    }

    private Duration wait(Duration base, int n) {
        // Doubling past 2^40 overflows long milliseconds long after any sane cap, so stop there.
        int doublings = Math.min(n - 1, 40);
        long millis = base.toMillis();
        long waited = millis > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : millis << doublings;
        return Duration.ofMillis(Math.min(waited, maxBackoff.toMillis()));
    }
}
