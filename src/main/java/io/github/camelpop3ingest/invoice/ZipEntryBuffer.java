package io.github.camelpop3ingest.invoice;

import java.util.Arrays;

/**
 * The bytes of one entry, in an array that grows to at most the bound instead of a ByteArrayOutputStream, which
 * may double past it and copies everything once more at the end.
 */
final class ZipEntryBuffer {

    private final long bound;
    private byte[] bytes = new byte[0];
    private int length;

    ZipEntryBuffer(long bound) {
        this.bound = bound;
    }

    /** Appends a chunk, or returns false when the entry would exceed the bound. */
    boolean add(byte[] chunk, int n) {
        if (length + (long) n > bound) {
            bytes = null;
            return false;
        }
        if (length + n > bytes.length) {
            long doubled = Math.max(BoundedZip.BUFFER_SIZE, 2L * bytes.length);
            bytes = Arrays.copyOf(bytes, (int) Math.min(bound, Math.max(doubled, length + (long) n)));
        }
        System.arraycopy(chunk, 0, bytes, length, n);
        length += n;
        return true;
    }

    byte[] toByteArray() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
}
