package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An XML document read into memory up to a size limit, opened for parsing without the whitespace some senders put
 * before the XML declaration (which a conforming parser rejects).
 */
final class BoundedXml {

    private final byte[] bytes;
    private final boolean tooLarge;
    private final IOException readFailure;

    private BoundedXml(byte[] bytes, boolean tooLarge, IOException readFailure) {
        this.bytes = bytes;
        this.tooLarge = tooLarge;
        this.readFailure = readFailure;
    }

    /** Reads at most {@code maxBytes}; one more byte marks the document too large, so the limit holds while reading. */
    static BoundedXml read(InputStream in, int maxBytes) {
        byte[] buffer = new byte[Math.min(maxBytes + 1, 64 * 1024)];
        int length = 0;
        try {
            while (length <= maxBytes) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, (long) maxBytes + 1));
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
        } catch (IOException e) {
            // Kept, not thrown: the bytes read so far may still tell which syntax the sender meant.
            return new BoundedXml(Arrays.copyOf(buffer, length), false, e);
        }
        boolean tooLarge = length > maxBytes;
        return new BoundedXml(Arrays.copyOf(buffer, Math.min(length, maxBytes)), tooLarge, null);
    }

    static BoundedXml of(byte[] head) {
        return new BoundedXml(head, false, null);
    }

    /**
     * A document already in memory, not copied; marked too large when it has more than {@code maxBytes}, but kept
     * whole, since the root sniffer reads no further than the root element anyway.
     */
    static BoundedXml of(byte[] content, int maxBytes) {
        return new BoundedXml(content, content.length > maxBytes, null);
    }

    /** How many bytes were read (at most the limit given). */
    int length() {
        return bytes.length;
    }

    boolean tooLarge() {
        return tooLarge;
    }

    IOException readFailure() {
        return readFailure;
    }

    /** The document without leading whitespace, keeping a byte order mark so the parser still sees the encoding. */
    InputStream open() {
        if (startsWith(0xFE, 0xFF)) {
            return utf16WithoutLeadingWhitespace(true);
        }
        if (startsWith(0xFF, 0xFE)) {
            return utf16WithoutLeadingWhitespace(false);
        }
        int start = startsWith(0xEF, 0xBB, 0xBF) ? 3 : 0;
        int at = start;
        while (at < bytes.length && isWhitespace(bytes[at])) {
            at++;
        }
        if (at == start) {
            return new ByteArrayInputStream(bytes);
        }
        // The UTF-8 byte order mark may go too: UTF-8 is what a parser assumes without one.
        return new ByteArrayInputStream(bytes, at, bytes.length - at);
    }

    private InputStream utf16WithoutLeadingWhitespace(boolean bigEndian) {
        int at = 2;
        while (at + 1 < bytes.length) {
            byte high = bigEndian ? bytes[at] : bytes[at + 1];
            byte low = bigEndian ? bytes[at + 1] : bytes[at];
            if (high != 0 || !isWhitespace(low)) {
                break;
            }
            at += 2;
        }
        if (at == 2) {
            return new ByteArrayInputStream(bytes);
        }
        byte[] copy = new byte[bytes.length - at + 2];
        copy[0] = bytes[0];
        copy[1] = bytes[1];
        System.arraycopy(bytes, at, copy, 2, bytes.length - at);
        return new ByteArrayInputStream(copy);
    }

    private boolean startsWith(int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
