package io.github.camelpop3ingest.pop3;

/**
 * The server refused the login (USER, PASS or AUTH answered with {@code -ERR}). It is a {@link Pop3ReplyException},
 * hence an {@link java.io.IOException}, because the caller handles it where it handles the session's other I/O
 * failures; its message holds the server's reply intact (so {@code [IN-USE]} and {@code [AUTH]} can be told apart)
 * and never the password or token.
 */
public class Pop3AuthenticationException extends Pop3ReplyException {

    private static final long serialVersionUID = 1L;

    public Pop3AuthenticationException(String message, String command, String reply) {
        super(message, command, reply);
    }
}
