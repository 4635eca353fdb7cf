package io.github.camelpop3ingest.pop3;

import java.util.Locale;
import java.util.Objects;

import io.github.camelpop3ingest.exchange.MessageKey;

/**
 * The identity of a POP3 maildrop (host, port, user) and the idempotency keys derived from it; never holds a secret.
 */
public record Pop3Account(String host, int port, String username) {

    public Pop3Account {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        host = host.trim().toLowerCase(Locale.ROOT);
    }

    /** The idempotency key of one message of this maildrop: {@code user@host:port#uidl}. */
    public MessageKey key(String uidl) {
        return new MessageKey(toString(), uidl);
    }

    @Override
    public String toString() {
        return username + "@" + host + ":" + port;
    }
}
