package io.github.camelpop3ingest.exchange;

import java.util.Objects;

/**
 * The identity of one POP3 message, kept in the idempotent repository: the maildrop ({@code user@host:port}) and the
 * message's id on it (its UIDL, or the Message-ID fallback key), written {@code account#id}.
 * <p>
 * Keys are stored and compared whole, as written: a user name or a UIDL may hold {@code #} too (RFC 1939 allows any
 * printable character in a UIDL), so a written key is never split again.
 */
public record MessageKey(String account, String id) {

    /** Separates the account from the id. */
    public static final char SEPARATOR = '#';

    public MessageKey {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return account + SEPARATOR + id;
    }
}
