package io.github.camelpop3ingest.main;

import java.time.Duration;
import java.util.Map;

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

    /** @param delayMillis the mailbox's poll delay */
    MailboxHealthCheck(String mailbox, long delayMillis, IngestMonitor monitor) {
        super("pop3-ingest", "mailbox:" + mailbox);
        this.mailbox = mailbox;
        this.delayMillis = delayMillis;
        this.monitor = monitor;
    }

    @Override
    public boolean isLiveness() {
        // A mailbox that is down does not make the process worth restarting.
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("mailbox", mailbox);
        IngestMonitor.MailboxState state = monitor.state(mailbox);
        if (state == null) {
            // Also an instance in standby, in cluster mode: another instance reads this mailbox.
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
