package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.InflaterInputStream;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the content of an open PDF's embedded files, each decoded only as far as {@link ContainerLimits} allow. */
final class PdfEmbeddedFileReader {

    /** Logged under {@link PdfEmbeddedFiles}, whose work this is, so that logging is configured in one place. */
    private static final Logger LOG = LoggerFactory.getLogger(PdfEmbeddedFiles.class);

    private PdfEmbeddedFileReader() {}

    /** Reads every embedded file the PDF names, first occurrence of each name, in the order found. */
    static List<EmbeddedDocument> readAll(PDDocument document, String containerPath,
            ContainerLimits limits, HeapShare heap, List<String> problems) {
        Map<String, PDComplexFileSpecification> specs =
                PdfFileSpecificationFinder.find(document, ProblemTexts.quote(containerPath), limits, problems);
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

    private static String tooLargeEmbeddedFile(String path, long maxBytes) {
        return "embedded file too large, skipped: " + ProblemTexts.quote(path) + " (more than " + maxBytes + " bytes)";
    }
}
