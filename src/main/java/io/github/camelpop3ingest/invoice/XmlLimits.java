package io.github.camelpop3ingest.invoice;

/**
 * Bounds on one XML invoice that {@link XmlInvoiceReader} reads, so that a hostile document costs bounded memory,
 * stack and time before and while it becomes a DOM.
 *
 * @param maxBytes largest document read, in bytes; a larger one is not read at all
 * @param maxNodes most nodes the document's markup may make: elements, attributes (namespace declarations included),
 *     comments, processing instructions and CDATA sections. The text nodes between them are at most one more, so
 *     this bounds the DOM's size whatever the document's bytes
 * @param maxDepth deepest element nesting, the root element being at depth 1; the DOM's text look-ups recurse
 *     into nested elements, so depth costs stack, not only heap
 */
public record XmlLimits(int maxBytes, int maxNodes, int maxDepth) {

    /** Default largest document: far above real invoices, even XRechnungen with embedded PDFs. */
    public static final int DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

    /**
     * Default most nodes: a DOM of 200,000 nodes measured at most 41 MB retained, 55 MB at its peak, when every
     * element is followed by a text node (the worst case per node), so it fits a 128 MB heap beside the job. Real
     * invoices are sparser: the corpus has 45 to 75 bytes per node, an invoice of plain lines of 18 elements 35, so
     * this admits 7 MB or more, 11,000 such lines.
     */
    public static final int DEFAULT_MAX_NODES = 200_000;

    /**
     * Default deepest nesting: real invoices nest 6 to 8 elements deep; reading a text 2,000 elements deep already
     * overflowed a 256 KB thread stack.
     */
    public static final int DEFAULT_MAX_DEPTH = 100;

    public XmlLimits {
        // One more byte than maxBytes is read to tell a document of exactly maxBytes from a larger one.
        if (maxBytes < 1 || maxBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be between 1 and " + (Integer.MAX_VALUE - 1)
                    + ", was " + maxBytes);
        }
        if (maxNodes < 1) {
            throw new IllegalArgumentException("maxNodes must be positive, was " + maxNodes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be positive, was " + maxDepth);
        }
    }

    /** The documented defaults: 20 MB, 200,000 nodes, 100 levels. */
    public static XmlLimits defaults() {
        return new XmlLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_NODES, DEFAULT_MAX_DEPTH);
    }

    /** These limits with another {@link #maxBytes()}. */
    public XmlLimits withMaxBytes(int bytes) {
        return new XmlLimits(bytes, maxNodes, maxDepth);
    }
}
