package io.github.camelpop3ingest.pop3;

/**
 * A poll of a maildrop failed: the base of {@link Pop3ServerException} (the POP3 server's doing) and
 * {@link Pop3LoginException} (no login, which backs off longer); its message names the maildrop, never a secret.
 * The protocol client's own failures are {@link java.io.IOException}s ({@link Pop3ReplyException},
 * {@link Pop3ProtocolException}), which the consumer turns into these.
 */
public abstract class Pop3IngestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected Pop3IngestException(String message) {
        super(message);
    }

    protected Pop3IngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
