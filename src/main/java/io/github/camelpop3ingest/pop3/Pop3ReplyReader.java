package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads POP3 replies through one 64 KiB buffer: status and text lines as strings, message bodies as bytes copied to
 * a stream in runs of whole lines with the byte-stuffing dots (RFC 1939 §3) taken out.
 * <p>
 * Lines end at LF; a CR before it belongs to the line ending. Body bytes pass through as they came, so a broken
 * server's bare-LF lines stay bare LF, and both {@code .CRLF} and {@code .LF} end a body.
 */
final class Pop3ReplyReader {

    static final int BUFFER_BYTES = 64 * 1024;
    /** Far above any sane status line (RFC 2449 allows 512 octets), far below the buffer, which must hold one. */
    static final int MAX_LINE_BYTES = 8 * 1024;

    private final InputStream in;
    private final String server;
    private final int readTimeoutMillis;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int limit;
    private long bytesRead;

    /**
     * @param server            {@code host:port}, for messages
     * @param readTimeoutMillis the socket's read timeout, for messages
     * @param bytesRead         bytes already read on this connection, e.g. before STLS
     */
    Pop3ReplyReader(InputStream in, String server, int readTimeoutMillis, long bytesRead) {
        this.in = in;
        this.server = server;
        this.readTimeoutMillis = readTimeoutMillis;
        this.bytesRead = bytesRead;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** Whether bytes the server sent are buffered but not yet read, e.g. after the reply to STLS. */
    boolean hasBufferedBytes() {
        return pos < limit;
    }

    /**
     * The next line without its line ending.
     *
     * @param awaited what the line is, for messages, e.g. {@code the reply to RETR 7}
     */
    String readLine(String awaited) throws IOException {
        int scan = pos;
        while (true) {
            int stop = Math.min(limit, pos + MAX_LINE_BYTES + 1);
            for (int i = scan; i < stop; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
                    pos = i + 1;
                    return line;
                }
            }
            int scanned = stop - pos;
            if (scanned > MAX_LINE_BYTES) {
                throw new Pop3ProtocolException("POP3 server " + server + " sent a line longer than " + MAX_LINE_BYTES
                        + " bytes where " + awaited + " was expected: \"" + Pop3ProtocolException.shown(pending()) + "\"");
            }
            if (!fill(awaited)) {
                throw closed(awaited, scanned > 0);
            }
            scan = pos + scanned;
        }
    }

    /** The lines of a multi-line text reply (CAPA, UIDL, LIST) up to its terminating line, unstuffed. */
    List<String> readTextBody(String awaited) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine(awaited);
            if (line.equals(".")) {
                return lines;
            }
            lines.add(line.startsWith(".") ? line.substring(1) : line);
        }
    }

    /**
     * Copies a multi-line body up to its terminating line into {@code out}, unstuffed, in runs of whole lines (as
     * many as the buffer holds) rather than line by line.
     *
     * @return the bytes written to {@code out}
     */
    long copyBody(OutputStream out, String awaited) throws IOException {
        long written = 0;
        boolean lineStart = true;
        while (true) {
            if (lineStart) {
                if (!ensure(1, awaited)) {
                    throw closed(awaited, true);
                }
                if (buf[pos] == '.') {
                    if (!ensure(2, awaited)) {
                        throw closed(awaited, true);
                    }
                    byte next = buf[pos + 1];
                    if (next == '\n') {
                        pos += 2;
                        return written;
                    }
                    if (next == '\r') {
                        if (!ensure(3, awaited)) {
                            throw closed(awaited, true);
                        }
                        if (buf[pos + 2] == '\n') {
                            pos += 3;
                            return written;
                        }
                    }
                    pos++;
                }
            }
            // A run of lines ends where the buffer does or before a line that starts with a dot.
            int start = pos;
            int i = pos;
            int end = limit;
            lineStart = false;
            while (i < end) {
                if (buf[i++] == '\n' && (i == end || buf[i] == '.')) {
                    lineStart = true;
                    break;
                }
            }
            out.write(buf, start, i - start);
            written += i - start;
            pos = i;
            if (pos == limit && !fill(awaited)) {
                throw closed(awaited, true);
            }
        }
    }

    /** Makes at least {@code n} unread bytes available; false when the connection ends first. */
    private boolean ensure(int n, String awaited) throws IOException {
        while (limit - pos < n) {
            if (!fill(awaited)) {
                return false;
            }
        }
        return true;
    }

    /** Reads more bytes after the unread ones, moving those to the front when the end of the buffer is reached. */
    private boolean fill(String awaited) throws IOException {
        if (pos == limit) {
            pos = 0;
            limit = 0;
        } else if (limit == buf.length) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int n;
        try {
            n = in.read(buf, limit, buf.length - limit);
        } catch (SocketTimeoutException e) {
            SocketTimeoutException timeout = new SocketTimeoutException("POP3 server " + server + " sent nothing for "
                    + readTimeoutMillis + " ms while " + awaited + " was awaited");
            timeout.initCause(e);
            throw timeout;
        } catch (IOException e) {
            throw new IOException("Reading " + awaited + " from POP3 server " + server + " failed: " + e.getMessage(), e);
        }
        if (n < 0) {
            return false;
        }
        limit += n;
        bytesRead += n;
        return true;
    }

    private Pop3ProtocolException closed(String awaited, boolean midReply) {
        return new Pop3ProtocolException("POP3 server " + server + " closed the connection "
                + (midReply ? "in the middle of " : "while waiting for ") + awaited);
    }

    private String pending() {
        return new String(buf, pos, Math.min(limit - pos, Pop3ProtocolException.SHOWN_CHARS + 1),
                StandardCharsets.ISO_8859_1);
    }
}
