package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the files embedded in a PDF (the EmbeddedFiles name tree, the catalog's /AF associated files and file
 * attachment annotations), as Factur-X, ZUGFeRD and XRechnung PDF/A-3 invoices carry their XML, within
 * {@link ContainerLimits}.
 */
public final class PdfEmbeddedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PdfEmbeddedFiles.class);

    private static final int EOF_SEARCH_BYTES = 1024;

    /**
     * The most bytes pdfbox may hold to decode a PDF's cross-reference and object streams, all together; an eighth
     * of the heap if that is less. pdfbox decodes each of them into memory in full, in 4 KB chunks that cost about
     * what they hold: the heap's peak grew by 1.0 to 1.2 MB per MB a single xref or object stream inflated to, from
     * 8 to 96 MB under {@code -Xmx128m}, and 300 MB ran it out. Real invoices need less than 30 KB (the corpus:
     * 27 KB at most), and a PDF at the default of 50,000 objects some 5 MB at 100 bytes an object, as in the corpus;
     * 16 MB, an eighth of a 128 MB heap, leaves room for larger objects.
     */
    static final long MAX_DECODED_STREAM_BYTES = 16L * 1024 * 1024;

    private PdfEmbeddedFiles() {}

    /**
     * Reads the embedded files of a PDF file, their paths starting with the file's name; never throws for hostile,
     * broken or encrypted input.
     *
     * @param pdf the PDF file
     * @param limits {@link ContainerLimits#maxPdfBytes()}, {@link ContainerLimits#maxPdfObjects()},
     *     {@link ContainerLimits#maxEntries()} and {@link ContainerLimits#maxEntryBytes()} apply, the last never above
     *     an eighth of the heap; the PDF's cross-reference and object streams may decode to 16 MB, or an eighth of the
     *     heap if less
     * @param problems receives one line per file that was skipped and for a PDF that could not be read
     * @return every embedded file within the limits, first occurrence of each name, in the order found
     */
    public static List<EmbeddedDocument> extract(Path pdf, ContainerLimits limits, List<String> problems) {
        Path fileName = pdf.getFileName();
        return extract(pdf, fileName == null ? pdf.toString() : fileName.toString(), limits, problems);
    }

    /**
     * Reads the embedded files of a PDF file without loading it into memory; never throws for hostile, broken or
     * encrypted input.
     *
     * @param pdf the PDF file
     * @param containerPath the path the embedded files' paths start with, e.g. {@code bundle.zip!/invoice.pdf}
     * @param limits {@link ContainerLimits#maxPdfBytes()}, {@link ContainerLimits#maxPdfObjects()},
     *     {@link ContainerLimits#maxEntries()} and {@link ContainerLimits#maxEntryBytes()} apply, the last never above
     *     an eighth of the heap; the PDF's cross-reference and object streams may decode to 16 MB, or an eighth of the
     *     heap if less
     * @param problems receives one line per file that was skipped and for a PDF that could not be read
     * @return every embedded file within the limits, first occurrence of each name, in the order found
     */
    public static List<EmbeddedDocument> extract(
            Path pdf, String containerPath, ContainerLimits limits, List<String> problems) {
        return extract(pdf, containerPath, limits, HeapShare.ofThisJvm(), problems);
    }

    /** As {@link #extract(Path, String, ContainerLimits, List)}, on a heap of the given size. */
    static List<EmbeddedDocument> extract(
            Path pdf, String containerPath, ContainerLimits limits, HeapShare heap, List<String> problems) {
        Objects.requireNonNull(pdf, "pdf");
        requireArguments(containerPath, limits, heap, problems);
        long size;
        try {
            size = Files.size(pdf);
        } catch (IOException e) {
            problems.add("PDF unreadable: " + ProblemTexts.quote(containerPath) + " (" + ProblemTexts.cause(e) + ")");
            return List.of();
        }
        if (size > limits.maxPdfBytes()) {
            problems.add(tooLargePdf(containerPath, size, limits));
            return List.of();
        }
        try {
            if (refusedByCensus(PdfObjectCensus.of(pdf, decodedStreamBound(heap)), containerPath, limits, heap,
                    problems)) {
                return List.of();
            }
            return read(new RandomAccessReadBufferedFile(pdf), containerPath, limits, heap, problems);
        } catch (IOException e) {
            problems.add("PDF unreadable: " + ProblemTexts.quote(containerPath) + " (" + ProblemTexts.cause(e) + ")");
            return List.of();
        }
    }

    /**
     * Reads the embedded files of a PDF held in memory, such as a ZIP entry from {@link BoundedZip}; never throws
     * for hostile, broken or encrypted input.
     *
     * @param pdf the PDF's bytes
     * @param containerPath the path the embedded files' paths start with, e.g. {@code bundle.zip!/invoice.pdf}
     * @param limits {@link ContainerLimits#maxPdfBytes()}, {@link ContainerLimits#maxPdfObjects()},
     *     {@link ContainerLimits#maxEntries()} and {@link ContainerLimits#maxEntryBytes()} apply, the last never above
     *     an eighth of the heap; the PDF's cross-reference and object streams may decode to 16 MB, or an eighth of the
     *     heap if less
     * @param problems receives one line per file that was skipped and for a PDF that could not be read
     * @return every embedded file within the limits, first occurrence of each name, in the order found
     */
    public static List<EmbeddedDocument> extract(
            byte[] pdf, String containerPath, ContainerLimits limits, List<String> problems) {
        return extract(pdf, containerPath, limits, HeapShare.ofThisJvm(), problems);
    }

    /** As {@link #extract(byte[], String, ContainerLimits, List)}, on a heap of the given size. */
    static List<EmbeddedDocument> extract(
            byte[] pdf, String containerPath, ContainerLimits limits, HeapShare heap, List<String> problems) {
        Objects.requireNonNull(pdf, "pdf");
        requireArguments(containerPath, limits, heap, problems);
        if (pdf.length > limits.maxPdfBytes()) {
            problems.add(tooLargePdf(containerPath, pdf.length, limits));
            return List.of();
        }
        try {
            if (refusedByCensus(PdfObjectCensus.of(pdf, decodedStreamBound(heap)), containerPath, limits, heap,
                    problems)) {
                return List.of();
            }
        } catch (IOException e) {
            problems.add("PDF unreadable: " + ProblemTexts.quote(containerPath) + " (" + ProblemTexts.cause(e) + ")");
            return List.of();
        }
        return read(new RandomAccessReadBuffer(pdf), containerPath, limits, heap, problems);
    }

    /** The most bytes pdfbox may hold to decode the PDF's cross-reference and object streams on this heap. */
    static long decodedStreamBound(HeapShare heap) {
        return heap.bound(MAX_DECODED_STREAM_BYTES);
    }

    private static List<EmbeddedDocument> read(RandomAccessRead source, String containerPath, ContainerLimits limits,
            HeapShare heap, List<String> problems) {
        String quoted = ProblemTexts.quote(containerPath);
        try {
            if (!hasEofMarker(source)) {
                // pdfbox repairs a cut-off file silently; the mail that brought it was probably cut off too.
                problems.add("PDF truncated, no %%EOF at its end: " + quoted);
            }
        } catch (IOException e) {
            problems.add("PDF unreadable: " + quoted + " (" + ProblemTexts.cause(e) + ")");
            closeQuietly(source, containerPath);
            return List.of();
        }
        // Still loaded when truncated: pdfbox often recovers the embedded XML from what arrived.
        return load(source, containerPath, limits, heap, problems);
    }

    /** Acrobat, too, looks for the end marker only in the last kilobyte. */
    private static boolean hasEofMarker(RandomAccessRead source) throws IOException {
        long length = source.length();
        int tail = (int) Math.min(EOF_SEARCH_BYTES, length);
        byte[] bytes = new byte[tail];
        source.seek(length - tail);
        int read = 0;
        while (read < tail) {
            int n = source.read(bytes, read, tail - read);
            if (n <= 0) {
                break;
            }
            read += n;
        }
        source.seek(0);
        return new String(bytes, 0, read, StandardCharsets.ISO_8859_1).contains("%%EOF");
    }

    private static List<EmbeddedDocument> load(RandomAccessRead source, String containerPath, ContainerLimits limits,
            HeapShare heap, List<String> problems) {
        String quoted = ProblemTexts.quote(containerPath);
        BoundedPdfParser parser = null;
        List<EmbeddedDocument> documents = List.of();
        // Held back until it is clear that no object stream was refused: objects it would have given are missing.
        List<String> found = new ArrayList<>();
        // Streams pdfbox writes while the document is open, such as decrypted ones, go to a scratch file instead of
        // the heap; the streams it parses stay views of the source.
        try (source) {
            parser = new BoundedPdfParser(source, decodedStreamBound(heap));
            try (PDDocument document = parser.parse()) {
                documents = PdfEmbeddedFileReader.readAll(document, containerPath, limits, heap, found);
            }
        } catch (InvalidPasswordException e) {
            found.add("PDF encrypted, embedded files unreadable: " + quoted + " (" + ProblemTexts.cause(e) + ")");
        } catch (IOException | RuntimeException e) {
            // pdfbox reports broken files as IOException and some malformed structures as runtime exceptions.
            found.add("PDF unreadable: " + quoted + " (" + ProblemTexts.cause(e) + ")");
            LOG.debug("Cannot read {}", containerPath, e);
        }
        if (parser != null && parser.uncountable() != null) {
            problems.add("PDF streams uncountable, skipped: " + quoted + " (" + parser.uncountable() + ")");
            return List.of();
        }
        if (parser != null && parser.overBound()) {
            problems.add(tooLargeStreams(quoted, heap));
            return List.of();
        }
        problems.addAll(found);
        return documents;
    }

    private static void closeQuietly(RandomAccessRead source, String containerPath) {
        try {
            source.close();
        } catch (IOException e) {
            LOG.debug("Ignoring a failure to close {}: it is being given up anyway", containerPath, e);
        }
    }

    /**
     * pdfbox allocates for every object a PDF declares, whether it is there or not, and decodes its cross-reference
     * and object streams into memory in full, whatever they declare, so a PDF of a few kilobytes could fill any heap
     * before a single object is read; such a PDF is not opened.
     */
    private static boolean refusedByCensus(PdfObjectCensus.Declared declared, String containerPath,
            ContainerLimits limits, HeapShare heap, List<String> problems) {
        String quoted = ProblemTexts.quote(containerPath);
        if (declared.uncountable() != null) {
            problems.add("PDF objects uncountable, skipped: " + quoted + " (" + declared.uncountable() + ")");
        } else if (declared.objects() > limits.maxPdfObjects()) {
            problems.add("PDF declares too many objects, skipped: " + quoted + " (" + declared.objects()
                    + " objects, limit " + limits.maxPdfObjects() + ")");
        } else if (declared.undecodable() != null) {
            problems.add("PDF streams uncountable, skipped: " + quoted + " (" + declared.undecodable() + ")");
        } else if (declared.decodedBytes() > decodedStreamBound(heap)) {
            problems.add(tooLargeStreams(quoted, heap));
        } else {
            return false;
        }
        return true;
    }

    private static String tooLargeStreams(String quoted, HeapShare heap) {
        return "PDF streams too large when decoded, skipped: " + quoted + " (more than " + decodedStreamBound(heap)
                + " bytes)";
    }

    private static String tooLargePdf(String containerPath, long size, ContainerLimits limits) {
        return "PDF too large, skipped: " + ProblemTexts.quote(containerPath) + " (" + size + " bytes, limit "
                + limits.maxPdfBytes() + ")";
    }

    private static void requireArguments(String containerPath, ContainerLimits limits, HeapShare heap,
            List<String> problems) {
        Objects.requireNonNull(containerPath, "containerPath");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(heap, "heap");
        Objects.requireNonNull(problems, "problems");
    }
}
