package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.InflaterInputStream;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.common.filespecification.PDFileSpecification;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the files embedded in a PDF (the EmbeddedFiles name tree, the catalog's /AF associated files and file
 * attachment annotations), as Factur-X, ZUGFeRD and XRechnung PDF/A-3 invoices carry their XML, within
 * {@link ContainerLimits}.
 */
public final class PdfEmbeddedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PdfEmbeddedFiles.class);

    /** A hostile name tree can be deep or cyclic; real ones are one or two levels. */
    private static final int MAX_NAME_TREE_DEPTH = 32;

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
                documents = embeddedFiles(document, containerPath, limits, heap, found);
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

    private static List<EmbeddedDocument> embeddedFiles(PDDocument document, String containerPath,
            ContainerLimits limits, HeapShare heap, List<String> problems) {
        Map<String, PDComplexFileSpecification> specs =
                fileSpecifications(document, ProblemTexts.quote(containerPath), limits, problems);
        List<EmbeddedDocument> documents = new ArrayList<>();
        for (Map.Entry<String, PDComplexFileSpecification> spec : specs.entrySet()) {
            String path = containerPath + EmbeddedDocument.PDF_SEPARATOR + spec.getKey();
            try {
                readEmbeddedFile(spec.getValue(), path, spec.getKey(), heap.bound(limits.maxEntryBytes()), problems)
                        .ifPresent(documents::add);
            } catch (IOException | RuntimeException e) {
                problems.add("embedded file unreadable: " + ProblemTexts.quote(path) + " ("
                        + ProblemTexts.cause(e) + ")");
            }
        }
        LOG.debug("{} has {} embedded files", containerPath, documents.size());
        return List.copyOf(documents);
    }

    /**
     * All file specifications by name; each place is read on its own so that one broken place loses no others. The
     * name tree's nodes and names, the /AF entries and the attachment annotations found are counted against
     * {@link ContainerLimits#maxEntries()}: a hostile PDF can list millions.
     */
    private static Map<String, PDComplexFileSpecification> fileSpecifications(
            PDDocument document, String quoted, ContainerLimits limits, List<String> problems) {
        Map<String, PDComplexFileSpecification> specs = new LinkedHashMap<>();
        Steps steps = new Steps(limits.maxEntries());
        PDDocumentCatalog catalog = document.getDocumentCatalog();
        try {
            PDDocumentNameDictionary names = catalog.getNames();
            if (names != null && names.getEmbeddedFiles() != null && steps.take(1)) {
                Set<COSDictionary> visited = Collections.newSetFromMap(new IdentityHashMap<>());
                collectNameTree(names.getEmbeddedFiles(), 0, visited, specs, steps);
            }
        } catch (IOException | RuntimeException e) {
            problems.add("PDF name tree unreadable: " + quoted + " (" + ProblemTexts.cause(e) + ")");
        }
        try {
            COSArray associated = catalog.getCOSObject().getCOSArray(COSName.AF);
            if (associated != null) {
                for (int i = 0; i < associated.size() && steps.take(1); i++) {
                    if (associated.getObject(i) instanceof COSDictionary dictionary) {
                        add(specs, null, new PDComplexFileSpecification(dictionary));
                    }
                }
            }
        } catch (RuntimeException e) {
            problems.add("PDF associated files unreadable: " + quoted + " (" + ProblemTexts.cause(e) + ")");
        }
        try {
            for (PDPage page : document.getPages()) {
                for (PDAnnotation annotation : page.getAnnotations()) {
                    if (annotation instanceof PDAnnotationFileAttachment attachment && steps.take(1)) {
                        PDFileSpecification file = attachment.getFile();
                        if (file instanceof PDComplexFileSpecification complex) {
                            add(specs, null, complex);
                        }
                    }
                }
                if (steps.exhausted()) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add("PDF annotations unreadable: " + quoted + " (" + ProblemTexts.cause(e) + ")");
        }
        if (steps.exhausted()) {
            problems.add("PDF lists too many embedded files, stopped: " + quoted + " (more than " + limits.maxEntries()
                    + " name tree nodes, names and attachments)");
        }
        return specs;
    }

    /** Every node pays for its names and kids before pdfbox converts them, which it does for a whole array at once. */
    private static void collectNameTree(PDNameTreeNode<PDComplexFileSpecification> node, int depth,
            Set<COSDictionary> visited, Map<String, PDComplexFileSpecification> specs, Steps steps)
            throws IOException {
        COSDictionary dictionary = node.getCOSObject();
        if (depth > MAX_NAME_TREE_DEPTH || !visited.add(dictionary)
                || !steps.take(size(dictionary.getCOSArray(COSName.NAMES)) / 2
                        + size(dictionary.getCOSArray(COSName.KIDS)))) {
            return;
        }
        Map<String, PDComplexFileSpecification> names = node.getNames();
        if (names != null) {
            names.forEach((key, spec) -> add(specs, key, spec));
        }
        List<PDNameTreeNode<PDComplexFileSpecification>> kids = node.getKids();
        if (kids != null) {
            for (PDNameTreeNode<PDComplexFileSpecification> kid : kids) {
                collectNameTree(kid, depth + 1, visited, specs, steps);
            }
        }
    }

    private static int size(COSArray array) {
        return array == null ? 0 : array.size();
    }

    /** Work left for one PDF; once a step is refused, every later one is too. */
    private static final class Steps {

        private long left;

        Steps(int max) {
            left = max;
        }

        boolean take(int steps) {
            if (left < 0 || steps > left) {
                left = -1;
                return false;
            }
            left -= steps;
            return true;
        }

        boolean exhausted() {
            return left < 0;
        }
    }

    /** Keeps the first specification of each name: Factur-X lists the same file in the name tree and in /AF. */
    private static void add(Map<String, PDComplexFileSpecification> specs, String treeKey,
            PDComplexFileSpecification spec) {
        if (spec == null) {
            return;
        }
        String name = baseName(spec.getFilename());
        if (name.isEmpty()) {
            name = baseName(treeKey);
        }
        if (name.isEmpty()) {
            name = "attachment-" + (specs.size() + 1);
        }
        specs.putIfAbsent(name, spec);
    }

    /** File specifications may carry DOS or Unix folders; the name alone identifies the document. */
    private static String baseName(String name) {
        if (name == null) {
            return "";
        }
        String stripped = name.strip();
        int slash = Math.max(stripped.lastIndexOf('/'), stripped.lastIndexOf('\\'));
        return stripped.substring(slash + 1);
    }

    /** Reads an embedded file of at most {@code maxBytes}, the entry limit or less on a small heap. */
    private static Optional<EmbeddedDocument> readEmbeddedFile(PDComplexFileSpecification spec,
            String path, String name, long maxBytes, List<String> problems) throws IOException {
        PDEmbeddedFile file = firstNonNull(spec.getEmbeddedFileUnicode(), spec.getEmbeddedFile(),
                spec.getEmbeddedFileDos(), spec.getEmbeddedFileMac(), spec.getEmbeddedFileUnix());
        if (file == null) {
            // A specification of an external file: nothing inside this PDF to read.
            LOG.debug("{} refers to a file outside the PDF", path);
            return Optional.empty();
        }
        try (InputStream in = boundedDecoding(file, path, maxBytes, problems)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] content = readAtMost(in, maxBytes);
            if (content == null) {
                problems.add(tooLargeEmbeddedFile(path, maxBytes));
                return Optional.empty();
            }
            return Optional.of(new EmbeddedDocument(path, name, content));
        }
    }

    /**
     * Opens the decoded content so that reading stops at the limit: pdfbox decodes a filtered stream completely into
     * memory before returning it, so a flate bomb of a few kilobytes would be inflated in full. Flate without
     * parameters, the filter of practically every embedded file, is therefore inflated here as it is read; any other
     * filters are decoded once first, counting, and handed to pdfbox only if what it would hold is within the limit.
     *
     * @return the stream, or {@code null} if it was skipped with a problem
     */
    private static InputStream boundedDecoding(PDEmbeddedFile file, String path, long maxBytes,
            List<String> problems) throws IOException {
        COSStream stream = file.getCOSObject();
        List<COSName> filters = file.getFilters();
        boolean noParameters = stream.getDictionaryObject(COSName.DECODE_PARMS, COSName.DP) == null;
        if (filters.isEmpty()) {
            return stream.createRawInputStream();
        }
        if (filters.size() == 1 && COSName.FLATE_DECODE.equals(filters.get(0)) && noParameters) {
            return new InflaterInputStream(stream.createRawInputStream());
        }
        List<String> names = PdfDecodeCounter.filterNames(stream);
        PdfDecodeCounter.Count count;
        try (InputStream raw = stream.createRawInputStream()) {
            count = PdfDecodeCounter.count(raw, names, PdfDecodeCounter.predictorRowBytes(stream), maxBytes);
        }
        if (count.uncountable() != null) {
            problems.add("embedded file skipped: " + ProblemTexts.quote(path) + " (filters " + names
                    + " cannot be decoded within limits: " + count.uncountable() + ")");
            return null;
        }
        if (count.bytes() > maxBytes) {
            problems.add(tooLargeEmbeddedFile(path, maxBytes));
            return null;
        }
        return file.createInputStream();
    }

    /** The stream's bytes, or {@code null} as soon as it has more than {@code max}. */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) > 0) {
            total += n;
            if (total > max) {
                return null;
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
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

    private static String tooLargeEmbeddedFile(String path, long maxBytes) {
        return "embedded file too large, skipped: " + ProblemTexts.quote(path) + " (more than " + maxBytes + " bytes)";
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
