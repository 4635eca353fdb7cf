package io.github.camelpop3ingest.mime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies every byte read to an output, so an embedded message is archived while it is being parsed. */
final class TeeInputStream extends FilterInputStream {

    private final OutputStream copy;

    TeeInputStream(InputStream in, OutputStream copy) {
        super(in);
        this.copy = copy;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            copy.write(b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            copy.write(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would leave a hole in the copy; read through instead.
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
        int read = read(buffer, 0, (int) Math.min(buffer.length, n));
        return Math.max(read, 0);
    }

    /**
     * No estimate (0 is always allowed): a BufferedInputStream above asks on every read it cannot fill from its buffer,
     * and for a file each answer is a system call, 2.5% of the route thread's CPU in a drain of small mails.
     */
    @Override
    public int available() {
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** mime4j closes the stream it parsed; the owner of the underlying stream closes it, and drain() needs it open. */
    @Override
    public void close() {
        // intentionally left open, see Javadoc
    }

    /** Reads the rest of the stream so the copy is complete even if the parser stopped early. */
    void drain() throws IOException {
        byte[] buffer = new byte[8192];
        while (read(buffer, 0, buffer.length) >= 0) {
            // the bytes go to the copy
        }
    }
}
