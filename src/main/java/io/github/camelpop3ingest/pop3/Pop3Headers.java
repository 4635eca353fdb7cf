package io.github.camelpop3ingest.pop3;

/**
 * Names of the Camel message headers that the POP3 ingest consumer sets on every exchange.
 */
public final class Pop3Headers {

    /** The maildrop, {@code user@host:port}. */
    public static final String ACCOUNT = "CamelPop3Account";
    /** The message's POP3 UIDL. */
    public static final String UIDL = "CamelPop3Uidl";
    /** The idempotency key, account plus UIDL. */
    public static final String KEY = "CamelPop3IdempotentKey";
    /** The message number within the current POP3 session. */
    public static final String MESSAGE_NUMBER = "CamelPop3MessageNumber";
    /** Bytes received for the message (RETR, dot-unstuffed). */
    public static final String SIZE = "CamelPop3Size";
    /** When the message was fetched, a {@link java.time.Instant}. */
    public static final String RECEIVED_AT = "CamelPop3ReceivedAt";

    /**
     * Set when processing this message failed the configured number of times in a row (across restarts): what
     * failed last. The archive then stores the message unsplit and sends it to quarantine, so the mailbox moves on.
     */
    public static final String REPEATED_FAILURE = "CamelPop3RepeatedFailure";
    /** How many times in a row processing this message failed before, across restarts; 0 the first time. */
    public static final String FAILED_ATTEMPTS = "CamelPop3FailedAttempts";

    /**
     * Set on the record of a message over the endpoint's maxMessageSize: its size in octets by LIST. The message was
     * not retrieved; the exchange's body holds only its header (TOP n 0), and the message stays on the server.
     */
    public static final String OVERSIZE = "CamelPop3Oversize";
    /** With {@link #OVERSIZE}: the problem that says so, for the record's envelope. */
    public static final String HEADERS_ONLY = "CamelPop3HeadersOnly";

    private Pop3Headers() {
    }
}
