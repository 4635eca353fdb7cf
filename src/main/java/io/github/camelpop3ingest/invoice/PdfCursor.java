package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered position in the PDF for reading what follows a keyword, and the streams of data it opens; every byte
 * either reads draws on one budget.
 */
final class PdfCursor {

    private static final int READ_BUFFER = 4 * 1024;
    private static final int STREAM_BUFFER = 8 * 1024;

    /**
     * Bytes the second cursor may read, beyond twice the file: dictionaries and tables of a real PDF add up to less
     * than the file, while object headers nested in one long string would make every header re-read the rest.
     */
    private static final long BUDGET_GRACE = 1024 * 1024;

    private final PdfSource source;
    private final byte[] buffer = new byte[READ_BUFFER];
    private long bufferStart;
    private int bufferLength;
    private long position;
    private long budget;

    PdfCursor(PdfSource source) {
        this.source = source;
        this.budget = 2 * source.length() + BUDGET_GRACE;
    }

    /** Whether more was read than the budget allows; from then on, nothing more is. */
    boolean overBudget() {
        return budget < 0;
    }

    long length() {
        return source.length();
    }

    long position() {
        return position;
    }

    void seek(long newPosition) {
        position = newPosition;
    }

    int read() throws IOException {
        int c = peek(0);
        if (c >= 0) {
            position++;
            budget--;
        }
        return c;
    }

    int peek() throws IOException {
        return peek(0);
    }

    /** The byte that far ahead, or -1 at the end and, once the budget is spent, everywhere. */
    int peek(int ahead) throws IOException {
        if (budget < 0) {
            return -1;
        }
        long at = position + ahead;
        if (at < bufferStart || at >= bufferStart + bufferLength) {
            bufferStart = at;
            bufferLength = Math.max(0, source.read(at, buffer));
        }
        return at < bufferStart + bufferLength ? buffer[(int) (at - bufferStart)] & 0xff : -1;
    }

    /** Whether the bytes at the position are the keyword; the position stays where it is. */
    boolean startsWith(String keyword) throws IOException {
        for (int i = 0; i < keyword.length(); i++) {
            if (peek(i) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Reads up to the next byte that is neither whitespace nor part of a comment. */
    void skipSpacesAndComments() throws IOException {
        int c;
        while ((c = peek()) >= 0) {
            if (c == '%') {
                while ((c = peek()) >= 0 && c != '\r' && c != '\n') {
                    read();
                }
            } else if (PdfCharacters.isWhitespace(c)) {
                read();
            } else {
                return;
            }
        }
    }

    /** The data from {@code start} up to {@code end}, read apart from the cursor's position. */
    InputStream data(long start, long end) {
        return new SourceStream(start, end);
    }

    /** A stream's data from a position up to an end, each byte read drawing on the budget. */
    private final class SourceStream extends InputStream {

        private final byte[] buffer = new byte[STREAM_BUFFER];
        private final long end;
        private long bufferStart;
        private int bufferLength;
        private long position;

        SourceStream(long start, long end) {
            this.position = start;
            this.bufferStart = start;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            budget--;
            return buffer[(int) (position++ - bufferStart)] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = (int) Math.min(length, bufferStart + bufferLength - position);
            System.arraycopy(buffer, (int) (position - bufferStart), bytes, offset, n);
            position += n;
            budget -= n;
            return n;
        }

        /** Whether a byte is buffered at the position, reading more if needed. */
        private boolean fill() throws IOException {
            if (budget < 0 || position >= end) {
                return false;
            }
            if (position >= bufferStart + bufferLength) {
                bufferStart = position;
                bufferLength = (int) Math.min(Math.max(0, source.read(position, buffer)), end - position);
            }
            return position < bufferStart + bufferLength;
        }
    }
}
