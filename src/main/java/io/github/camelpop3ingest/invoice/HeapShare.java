package io.github.camelpop3ingest.invoice;

/**
 * The most bytes of one document or ZIP entry this package holds in memory at once: an eighth of the heap, whatever
 * larger limit is configured, so that a 20 MB XML under {@code -Xmx64m} becomes a problem instead of an
 * OutOfMemoryError.
 * <p>
 * An eighth, because the bytes are not all a document costs: growing the buffer and trimming it copies them once, and
 * the XML parser's character buffers and the DOM's strings take about three times as many again (a 20 MB invoice of
 * few elements peaked at 97 MB). The DOM's node count is bounded by {@link XmlLimits#maxNodes()} instead.
 *
 * @param maxMemory the heap's maximum in bytes, as {@link Runtime#maxMemory()} gives it; tests pass their own
 */
record HeapShare(long maxMemory) {

    /** The heap is divided by this to give the bytes one document may occupy. */
    static final int DIVISOR = 8;

    HeapShare {
        if (maxMemory <= 0) {
            throw new IllegalArgumentException("maxMemory must be positive, was " + maxMemory);
        }
    }

    /** The share of this JVM's heap. */
    static HeapShare ofThisJvm() {
        // Long.MAX_VALUE when the heap has no limit; the configured limits then decide alone.
        return new HeapShare(Runtime.getRuntime().maxMemory());
    }

    /** The most bytes of one document held in memory: {@code configured}, or less on a small heap. */
    long bound(long configured) {
        return Math.min(configured, maxMemory / DIVISOR);
    }

    /** Whether this heap, not the configured limit, is what keeps {@code configured} bytes out of memory. */
    boolean lowers(long configured) {
        return bound(configured) < configured;
    }
}
