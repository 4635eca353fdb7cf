package io.github.camelpop3ingest.pop3;

/**
 * The token endpoint gave no access token: not the POP3 server's doing, but a login that cannot start, so it backs
 * off like a refused one; its message names the endpoint and the OAuth error, never a secret.
 */
public class OAuth2TokenException extends Pop3LoginException {

    private static final long serialVersionUID = 1L;

    public OAuth2TokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
