package io.github.camelpop3ingest.main;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A mailbox's health: DOWN when its last poll failed (unreachable, TLS, refused login, locked maildrop; the message
 * says which, and never a secret) or when no poll has succeeded for three poll delays; details tell whether the
 * server was reachable, whether the login worked, and the age of the last successful poll.
 */
final class MailboxHealthCheck extends AbstractHealthCheck {

    private final String mailbox;
    private final long delayMillis;
    private final IngestMonitor monitor;
    private final BooleanSupplier standby;

    /** @param delayMillis the mailbox's poll delay */
    MailboxHealthCheck(String mailbox, long delayMillis, IngestMonitor monitor) {
        this(mailbox, delayMillis, monitor, () -> false);
    }

    /**
     * @param standby in cluster mode, whether another instance leads the mailbox now (this one only waits to take
     *                over): the check is then UP with the message {@code Standby} and the detail role=standby
     */
    MailboxHealthCheck(String mailbox, long delayMillis, IngestMonitor monitor, BooleanSupplier standby) {
        super("pop3-ingest", "mailbox:" + mailbox);
        this.mailbox = mailbox;
        this.delayMillis = delayMillis;
        this.monitor = monitor;
        this.standby = standby;
    }

    @Override
    public boolean isLiveness() {
        // A mailbox that is down does not make the process worth restarting.
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("mailbox", mailbox);
        if (standby.getAsBoolean()) {
            // Cluster mode: another instance reads this mailbox; this one takes over when that one stops.
            builder.detail("role", "standby");
            builder.message("Standby: another instance reads this mailbox").up();
            return;
        }
        IngestMonitor.MailboxState state = monitor.state(mailbox);
        if (state == null) {
            builder.message("Not polled yet").up();
            return;
        }
        Duration since = monitor.sinceLastSuccess(mailbox);
        builder.detail("consecutive.failures", state.consecutiveFailures());
        builder.detail("reachable", state.lastFailure() == null || state.loginRefused());
        builder.detail("login.works", state.lastFailure() == null);
        if (since != null) {
            builder.detail("last.successful.poll.age.seconds", since.toSeconds());
        }
        if (state.lastFailure() != null) {
            builder.message(state.lastFailure().getMessage()).down();
            return;
        }
        Duration limit = Duration.ofMillis(Math.max(3 * delayMillis, 60_000));
        if (since != null && since.compareTo(limit) > 0) {
            builder.message("No successful poll for " + since.toSeconds() + " s").down();
            return;
        }
        builder.up();
    }
}
