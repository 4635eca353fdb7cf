package io.github.camelpop3ingest.pop3;

/**
 * How the POP3 session is protected: implicit TLS (POP3S, port 995), STLS upgrade (port 110), or none.
 */
public enum Pop3Security {
    /** Implicit TLS from the first byte (RFC 8314), the default. */
    POP3S(995),
    /** Plain connect, then STLS (RFC 2595); a server that does not offer STLS is refused. */
    STLS(110),
    /** No TLS: the password and every message travel in clear; refused unless explicitly allowed. */
    PLAIN(110);

    private final int defaultPort;

    Pop3Security(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
