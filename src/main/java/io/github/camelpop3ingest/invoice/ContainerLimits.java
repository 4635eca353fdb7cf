package io.github.camelpop3ingest.invoice;

/**
 * Bounds on what {@link PdfEmbeddedFiles} and {@link BoundedZip} read from one attachment, so hostile input costs
 * bounded memory and time.
 *
 * @param maxPdfBytes largest PDF file that is opened at all
 * @param maxEntryBytes largest single embedded file or ZIP entry that is kept (decoded size)
 * @param maxEntries most ZIP entries read from one attachment, nested ZIPs included
 * @param maxTotalBytes most decompressed bytes read from one ZIP attachment, nested ZIPs and skipped entries included
 * @param maxCompressionRatio highest decompressed-to-compressed ratio of a ZIP entry or archive before it counts as a
 *     zip bomb
 * @param maxNestingDepth deepest ZIP nesting followed; the attachment itself is depth 1
 * @param maxPdfObjects most objects a PDF may declare (in its cross-reference tables and streams) before it is not
 *     opened: the PDF library allocates for every declared object, so a few KB can declare millions
 */
public record ContainerLimits(
        long maxPdfBytes,
        long maxEntryBytes,
        int maxEntries,
        long maxTotalBytes,
        int maxCompressionRatio,
        int maxNestingDepth,
        int maxPdfObjects) {

    private static final long MB = 1024L * 1024L;

    public static final long DEFAULT_MAX_PDF_BYTES = 100 * MB;
    public static final long DEFAULT_MAX_ENTRY_BYTES = 20 * MB;
    public static final int DEFAULT_MAX_ENTRIES = 1000;
    public static final long DEFAULT_MAX_TOTAL_BYTES = 100 * MB;
    public static final int DEFAULT_MAX_COMPRESSION_RATIO = 100;
    public static final int DEFAULT_MAX_NESTING_DEPTH = 2;
    /**
     * Fits a {@code -Xmx128m} job with room to spare: pdfbox 3.0.8 keeps 110 to 210 bytes per declared xref entry,
     * about 250 per object stream entry and 540 per object header it finds when it rebuilds a broken PDF, so 50,000
     * cost at most about 25 MB (200,000 cost 104 MB, beside the job's own 46 MB); real invoices declare a few hundred.
     */
    public static final int DEFAULT_MAX_PDF_OBJECTS = 50_000;

    public ContainerLimits {
        requirePositive("maxPdfBytes", maxPdfBytes);
        requirePositive("maxEntryBytes", maxEntryBytes);
        requirePositive("maxEntries", maxEntries);
        requirePositive("maxTotalBytes", maxTotalBytes);
        requirePositive("maxCompressionRatio", maxCompressionRatio);
        requirePositive("maxNestingDepth", maxNestingDepth);
        requirePositive("maxPdfObjects", maxPdfObjects);
        // Entries are held in byte arrays.
        if (maxEntryBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxEntryBytes must be below 2 GB, was " + maxEntryBytes);
        }
    }

    /** These bounds with the default cap on declared PDF objects. */
    public ContainerLimits(long maxPdfBytes, long maxEntryBytes, int maxEntries, long maxTotalBytes,
            int maxCompressionRatio, int maxNestingDepth) {
        this(maxPdfBytes, maxEntryBytes, maxEntries, maxTotalBytes, maxCompressionRatio, maxNestingDepth,
                DEFAULT_MAX_PDF_OBJECTS);
    }

    /**
     * The documented defaults: 100 MB PDFs, 20 MB entries, 1000 entries, 100 MB in total, 100:1, depth 2, 50,000
     * declared PDF objects.
     */
    public static ContainerLimits defaults() {
        return new ContainerLimits(DEFAULT_MAX_PDF_BYTES, DEFAULT_MAX_ENTRY_BYTES, DEFAULT_MAX_ENTRIES,
                DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_COMPRESSION_RATIO, DEFAULT_MAX_NESTING_DEPTH,
                DEFAULT_MAX_PDF_OBJECTS);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
