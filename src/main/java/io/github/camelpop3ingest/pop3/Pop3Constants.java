package io.github.camelpop3ingest.pop3;

import org.apache.camel.spi.Metadata;

/**
 * The Camel message headers that the {@code pop3-ingest:} consumer sets, declared once for the code and for Camel's
 * generated component metadata.
 */
public final class Pop3Constants {

    @Metadata(description = "The maildrop: the user name, an at sign, the host, a colon and the port.",
              javaType = "String")
    public static final String ACCOUNT = "CamelPop3Account";
    @Metadata(description = "The message's POP3 UIDL.", javaType = "String")
    public static final String UIDL = "CamelPop3Uidl";
    @Metadata(description = "The idempotency key: the account, a # and the UIDL.", javaType = "String")
    public static final String KEY = "CamelPop3IdempotentKey";
    @Metadata(description = "The message number within the current POP3 session.", javaType = "int")
    public static final String MESSAGE_NUMBER = "CamelPop3MessageNumber";
    @Metadata(description = "Bytes received for the message (RETR, dot-unstuffed).", javaType = "long")
    public static final String SIZE = "CamelPop3Size";
    @Metadata(description = "When the message was fetched.", javaType = "java.time.Instant")
    public static final String RECEIVED_AT = "CamelPop3ReceivedAt";

    @Metadata(description = "Set when processing this message failed maxFailures times in a row (across restarts): "
            + "what failed last. The archive then stores the message unsplit and sends it to quarantine.",
              javaType = "String")
    public static final String REPEATED_FAILURE = "CamelPop3RepeatedFailure";
    @Metadata(description = "How many times in a row processing this message failed before, across restarts; 0 the "
            + "first time.", javaType = "int")
    public static final String FAILED_ATTEMPTS = "CamelPop3FailedAttempts";

    @Metadata(description = "Set on the record of a message over maxMessageSize: its size in octets by LIST. The "
            + "message was not retrieved; the body holds only its header (TOP n 0), and the message stays on the "
            + "server.", javaType = "long")
    public static final String OVERSIZE = "CamelPop3Oversize";
    @Metadata(description = "With CamelPop3Oversize: the problem that says so, for the record's envelope.",
              javaType = "String")
    public static final String HEADERS_ONLY = "CamelPop3HeadersOnly";

    private Pop3Constants() {
    }
}
