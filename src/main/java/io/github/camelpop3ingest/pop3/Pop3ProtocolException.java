package io.github.camelpop3ingest.pop3;

import java.io.IOException;

/**
 * The server broke the POP3 protocol (a reply that is neither {@code +OK} nor {@code -ERR}, an over-long line, the
 * connection closed in the middle of a reply); the session cannot go on.
 */
public class Pop3ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    /** How much of what the server sent a message shows. */
    static final int SHOWN_CHARS = 80;

    public Pop3ProtocolException(String message) {
        super(message);
    }

    /** A message such as {@code POP3 server mail.example.com:995 sent "SSH-2.0-..." where a greeting was expected}. */
    static Pop3ProtocolException unexpected(String server, String expected, String got) {
        return new Pop3ProtocolException("POP3 server " + server + " sent \"" + shown(got) + "\" where " + expected
                + " was expected");
    }

    /** The start of {@code text} as printable ASCII, each other character a {@code ?}, for a one-line message. */
    static String shown(String text) {
        return printable(text, SHOWN_CHARS);
    }

    /** The first {@code max} characters of {@code text} as printable ASCII, with {@code ...} when there were more. */
    static String printable(String text, int max) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max) + 3);
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (text.length() > max) {
            sb.append("...");
        }
        return sb.toString();
    }
}
