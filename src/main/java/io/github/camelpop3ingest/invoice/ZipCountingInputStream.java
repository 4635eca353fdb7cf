package io.github.camelpop3ingest.invoice;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the compressed bytes ZipInputStream pulls; close does not reach the caller's stream. */
final class ZipCountingInputStream extends FilterInputStream {

    private long count;

    ZipCountingInputStream(InputStream in) {
        super(in);
    }

    /** The bytes pulled so far. */
    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count += Math.max(0, skipped);
        return skipped;
    }

    @Override
    public void close() {
        // The caller owns the source stream; ZipInputStream's close only needs to free its Inflater.
    }
}
