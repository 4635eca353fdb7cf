package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.pdfparser.PDFParser;

/** A pdfbox parser that counts what each object stream decodes to before pdfbox decodes it, within a bound. */
final class BoundedPdfParser extends PDFParser {

    // pdfbox takes whatever stream a cross-reference stream names as an object stream, whatever its /Type, and
    // decodes it into memory in full before it looks at /N, so the census, which knows object streams by their
    // /Type, cannot see them all. Here each is counted as pdfbox is about to decode it, after decryption, against what
    // is left of the bound; once one does not fit, no further object is taken from any object stream and the PDF is
    // given up. A stream is counted once: pdfbox decodes one again for each object it does not find in it, which
    // costs time but no more memory at once.

    private final long maxDecodedBytes;
    private final Set<Long> counted = new HashSet<>();
    private long decodedBytes;
    private String uncountable;

    /**
     * A parser of the source, as {@code Loader.loadPDF} makes it with an empty password and a scratch-file stream
     * cache, whose object streams may decode to {@code maxDecodedBytes} together.
     */
    BoundedPdfParser(RandomAccessRead source, long maxDecodedBytes) throws IOException {
        super(source, "", null, null, IOUtils.createTempFileOnlyStreamCache());
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /** Whether an object stream was not decoded because it would have taken the bytes counted past the bound. */
    boolean overBound() {
        return decodedBytes > maxDecodedBytes;
    }

    /** Why an object stream could not be counted and was not decoded, or {@code null}. */
    String uncountable() {
        return uncountable;
    }

    @Override
    protected COSBase parseObjectStreamObject(long objstmObjNr, COSObjectKey key) throws IOException {
        if (refused()) {
            return null;
        }
        if (counted.add(objstmObjNr)
                && document.getObjectFromPool(getObjectKey(objstmObjNr, 0)).getObject() instanceof COSStream stream) {
            count(objstmObjNr, stream);
            if (refused()) {
                return null;
            }
        }
        return super.parseObjectStreamObject(objstmObjNr, key);
    }

    private void count(long number, COSStream stream) throws IOException {
        long left = maxDecodedBytes - decodedBytes;
        List<String> filters = PdfDecodeCounter.filterNames(stream);
        PdfDecodeCounter.Count count;
        try (InputStream raw = stream.createRawInputStream()) {
            if (filters.isEmpty()) {
                // Read in place unless decrypted: pdfbox copies a stream it wrote itself into memory to read it.
                count = new PdfDecodeCounter.Count(document.isEncrypted() ? countedBytes(raw, left) : 0, null);
            } else {
                count = PdfDecodeCounter.count(raw, filters, PdfDecodeCounter.predictorRowBytes(stream), left);
            }
        }
        if (count.uncountable() != null) {
            uncountable = "its object stream " + number + ": " + count.uncountable();
        } else {
            decodedBytes = PdfDecodeCounter.saturatedAdd(decodedBytes, count.bytes());
        }
    }

    private boolean refused() {
        return uncountable != null || overBound();
    }

    private static long countedBytes(InputStream in, long stopAt) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total <= stopAt && (n = in.read(chunk)) > 0) {
            total += n;
        }
        return total;
    }
}
