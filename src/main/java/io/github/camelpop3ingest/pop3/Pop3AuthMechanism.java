package io.github.camelpop3ingest.pop3;

import java.util.Locale;

/**
 * How the consumer logs in.
 */
public enum Pop3AuthMechanism {
    /** USER and PASS (RFC 1939). */
    USER,
    /** SASL PLAIN over AUTH (RFC 5034). */
    PLAIN,
    /** SASL XOAUTH2 with an access token (Google, Microsoft 365, Dovecot). */
    XOAUTH2,
    /** SASL OAUTHBEARER (RFC 7628) with an access token. */
    OAUTHBEARER;

    /** Whether the password the server sees is an OAuth 2.0 access token. */
    public boolean usesAccessToken() {
        return this == XOAUTH2 || this == OAUTHBEARER;
    }

    /** The value as users write it, e.g. {@code xoauth2}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads the option value, e.g. {@code xoauth2}, case-insensitively. */
    public static Pop3AuthMechanism parse(String value, String what) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not one of user, plain, xoauth2, oauthbearer");
        }
    }
}
