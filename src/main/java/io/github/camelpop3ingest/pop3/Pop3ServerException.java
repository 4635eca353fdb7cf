package io.github.camelpop3ingest.pop3;

/**
 * A poll could not complete because of the server: unreachable, a protocol error, or a missing capability.
 */
public class Pop3ServerException extends Pop3IngestException {

    private static final long serialVersionUID = 1L;

    public Pop3ServerException(String message) {
        super(message);
    }

    public Pop3ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
