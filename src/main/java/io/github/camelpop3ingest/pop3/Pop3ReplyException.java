package io.github.camelpop3ingest.pop3;

import java.io.IOException;

/**
 * The server answered a command with {@code -ERR}; the session is still usable. The message holds the reply line
 * intact and the command without its secret arguments.
 */
public class Pop3ReplyException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String command;
    private final String reply;

    /**
     * @param message what failed, naming the server and holding {@code reply}
     * @param command the command as it may be shown, e.g. {@code RETR 7} or {@code PASS} (never its argument)
     * @param reply   the server's {@code -ERR} line
     */
    public Pop3ReplyException(String message, String command, String reply) {
        super(message);
        this.command = command;
        this.reply = reply;
    }

    /** {@code POP3 server <server> refused <command>: <reply>}. */
    static Pop3ReplyException refused(String server, String command, String reply) {
        return new Pop3ReplyException("POP3 server " + server + " refused " + command + ": " + shown(reply), command,
                reply);
    }

    /** The reply for a message: as it came, but control characters (a CR, terminal escapes) shown as {@code ?}. */
    static String shown(String reply) {
        StringBuilder sb = new StringBuilder(reply.length());
        for (int i = 0; i < reply.length(); i++) {
            char c = reply.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }

    /** The refused command without secret arguments, e.g. {@code RETR 7}, {@code PASS}, {@code AUTH XOAUTH2}. */
    public String command() {
        return command;
    }

    /** The server's reply line exactly as it came, e.g. {@code -ERR [IN-USE] Mailbox is locked}. */
    public String reply() {
        return reply;
    }

    /**
     * The RFC 2449 response code of the reply, e.g. {@code IN-USE} or {@code AUTH} (RFC 3206), or null when it has
     * none.
     */
    public String responseCode() {
        String text = reply.startsWith("-ERR") ? reply.substring(4).stripLeading() : reply;
        int end = text.indexOf(']');
        return text.startsWith("[") && end > 1 ? text.substring(1, end) : null;
    }
}
