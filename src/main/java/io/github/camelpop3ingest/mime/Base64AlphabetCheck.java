package io.github.camelpop3ingest.mime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts bytes outside the base64 alphabet on their way into the decoder, which (as RFC 2045 allows) skips them
 * silently; a body such as "not base64 !" is then reported instead of quietly becoming garbage.
 */
final class Base64AlphabetCheck extends FilterInputStream {

    /** The base64 alphabet, padding and the white space RFC 2045 lets a body carry; one lookup per byte. */
    private static final boolean[] VALID = new boolean[256];

    static {
        String allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n \t";
        for (int i = 0; i < allowed.length(); i++) {
            VALID[allowed.charAt(i)] = true;
        }
    }

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
        int n = in.read(b, off, len);
        long bad = 0;
        for (int i = off, end = off + n; i < end; i++) {
            if (!VALID[b[i] & 0xff]) {
                bad++;
            }
        }
        invalid += bad;
        return n;
    }

    private void check(int b) {
        if (!VALID[b]) {
            invalid++;
        }
    }

    long invalidBytes() {
        return invalid;
    }
}
