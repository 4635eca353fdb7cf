package io.github.camelpop3ingest.pop3;

/**
 * The server refused the login; the message names the maildrop, never the secret.
 */
public class Pop3LoginException extends Pop3ServerException {

    private static final long serialVersionUID = 1L;

    public Pop3LoginException(String message, Throwable cause) {
        super(message, cause);
    }
}
