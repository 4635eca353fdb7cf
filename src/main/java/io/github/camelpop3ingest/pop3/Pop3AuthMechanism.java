package io.github.camelpop3ingest.pop3;

import java.util.Locale;

/**
 * How the consumer logs in, with the name Angus Mail's {@code mail.<protocol>.auth.mechanisms} knows it by.
 */
public enum Pop3AuthMechanism {
    /** USER and PASS (RFC 1939), which Angus calls LOGIN. */
    USER("LOGIN"),
    /** SASL PLAIN over AUTH (RFC 5034). */
    PLAIN("PLAIN"),
    /** SASL XOAUTH2 with an access token (Google, Microsoft 365, Dovecot). */
    XOAUTH2("XOAUTH2"),
    /** SASL OAUTHBEARER (RFC 7628); Angus Mail 2.0.5 has no POP3 authenticator for it, so it is refused at startup. */
    OAUTHBEARER(null);

    private final String angusName;

    Pop3AuthMechanism(String angusName) {
        this.angusName = angusName;
    }

    /** The mechanism name for Angus, or null when Angus cannot do it. */
    public String angusName() {
        return angusName;
    }

    /** Whether the password the server sees is an OAuth 2.0 access token. */
    public boolean usesAccessToken() {
        return this == XOAUTH2 || this == OAUTHBEARER;
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
