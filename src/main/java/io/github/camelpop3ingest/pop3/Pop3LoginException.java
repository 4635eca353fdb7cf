package io.github.camelpop3ingest.pop3;

/**
 * No login could be made: the POP3 server refused it or the maildrop is locked, or (as {@link OAuth2TokenException})
 * there was no access token to log in with; the mailbox backs off by authBackoff.
 */
public class Pop3LoginException extends Pop3IngestException {

    private static final long serialVersionUID = 1L;

    public Pop3LoginException(String message, Throwable cause) {
        super(message, cause);
    }
}
