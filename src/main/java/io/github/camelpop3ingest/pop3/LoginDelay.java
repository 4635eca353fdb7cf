package io.github.camelpop3ingest.pop3;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the logins to one maildrop at least as far apart as its server's LOGIN-DELAY (RFC 2449 §6.8) asks, whatever
 * the poll delay: a server may refuse a login that comes sooner, and some lock the account for it.
 */
public final class LoginDelay {

    private final Clock clock;
    private Duration delay = Duration.ZERO;
    private Instant lastLogin;

    public LoginDelay(Clock clock) {
        this.clock = clock;
    }

    /** Whether a poll may log in now. */
    public synchronized boolean due() {
        if (lastLogin == null || delay.isZero()) {
            return true;
        }
        Instant now = clock.instant();
        // A clock set back must not stretch the wait beyond what the server asked for.
        return !now.isBefore(lastLogin.plus(delay)) || now.isBefore(lastLogin);
    }

    /**
     * Records a successful login and the delay the server announced in that session.
     *
     * @return whether the delay differs from the one known before
     */
    public synchronized boolean loggedIn(Duration announced) {
        lastLogin = clock.instant();
        boolean changed = !announced.equals(delay);
        delay = announced;
        return changed;
    }

    /** The server's LOGIN-DELAY as last announced; zero when it announced none. */
    public synchronized Duration delay() {
        return delay;
    }

    /** When the next login is allowed; null before the first login. */
    public synchronized Instant next() {
        return lastLogin == null ? null : lastLogin.plus(delay);
    }
}
