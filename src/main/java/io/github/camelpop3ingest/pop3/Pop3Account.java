package io.github.camelpop3ingest.pop3;

import java.util.Locale;
import java.util.Objects;

/**
 * The identity of a POP3 maildrop (host, port, user) and the idempotency keys derived from it; never holds a secret.
 */
public record Pop3Account(String host, int port, String username) {

    /** Separates the account from the UIDL in a key; the account part never holds it unless the user name does, and keys are only compared whole. */
    public static final char KEY_SEPARATOR = '#';

    public Pop3Account {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        host = host.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The idempotency key of one message of this maildrop: {@code user@host:port#uidl}.
     */
    public String key(String uidl) {
        return this + String.valueOf(KEY_SEPARATOR) + uidl;
    }

    @Override
    public String toString() {
        return username + "@" + host + ":" + port;
    }
}
