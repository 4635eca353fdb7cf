package io.github.camelpop3ingest.mime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts bytes outside the base64 alphabet on their way into the decoder, which (as RFC 2045 allows) skips them
 * silently; a body such as "not base64 !" is then reported instead of quietly becoming garbage.
 */
final class Base64AlphabetCheck extends FilterInputStream {

    private long invalid;

    Base64AlphabetCheck(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            check(b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        for (int i = 0; i < n; i++) {
            check(b[off + i] & 0xff);
        }
        return n;
    }

    private void check(int b) {
        boolean valid = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                || b == '+' || b == '/' || b == '=' || b == '\r' || b == '\n' || b == ' ' || b == '\t';
        if (!valid) {
            invalid++;
        }
    }

    long invalidBytes() {
        return invalid;
    }
}
