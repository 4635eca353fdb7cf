package io.github.camelpop3ingest.invoice;

import java.io.IOException;

import io.github.camelpop3ingest.invoice.PdfLexer.Kind;

/**
 * Tallies the bytes pdfbox would hold to decode a PDF's cross-reference and object streams, and the most the object
 * streams could decode to in case the PDF is encrypted.
 */
final class PdfStreamDecodeTally {

    private final PdfCursor reader;
    private final PdfLexer lexer;
    private final long maxDecodedBytes;
    /** Decoded bytes of cross-reference streams, which are never encrypted. */
    private long crossReferenceBytes;
    /** Decoded bytes of object streams, if they are not encrypted. */
    private long objectStreamBytes;
    /** The most object streams could decode to, if they are encrypted. */
    private long objectStreamBound;
    private String undecodable;
    /** Why the object streams cannot be bounded if they turn out to be encrypted. */
    private String unboundable;

    PdfStreamDecodeTally(PdfCursor reader, PdfLexer lexer, long maxDecodedBytes) {
        this.reader = reader;
        this.lexer = lexer;
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /** The bytes pdfbox would hold to decode the streams, counted up to a little past the limit. */
    long decodedBytes(boolean encrypted) {
        return PdfDecodeCounter.saturatedAdd(crossReferenceBytes, encrypted ? objectStreamBound : objectStreamBytes);
    }

    /** Why the decoded bytes could not be counted, or {@code null}. */
    String whyUndecodable(boolean encrypted) {
        return undecodable != null ? undecodable : encrypted ? unboundable : null;
    }

    /**
     * Counts what pdfbox would hold to decode the stream of an xref or object stream dictionary just read: decoded if
     * it is not encrypted, and, for an object stream, bounded by its length in case it is.
     *
     * @param encrypted whether the PDF counts as encrypted by what was read of it so far
     */
    void read(PdfStreamFacts facts, boolean encrypted) throws IOException {
        if (lexer.next() != Kind.KEYWORD || !lexer.text.equals("stream")) {
            return;
        }
        long start = streamDataStart(reader.position());
        long length = validLength(facts, start);
        String which;
        if (!facts.objectStream) {
            which = "its cross-reference stream";
        } else if (!facts.crossReferenceStream) {
            which = "its object stream";
        } else {
            which = "its stream of a /Type given by reference";
        }
        if (facts.unreadable() != null) {
            undecodable(which + " " + facts.unreadable());
            return;
        }
        long decodedSoFar = PdfDecodeCounter.saturatedAdd(crossReferenceBytes, objectStreamBytes);
        if (facts.crossReferenceStream) {
            decodedSoFar = Math.min(decodedSoFar, PdfDecodeCounter.saturatedAdd(crossReferenceBytes, objectStreamBound));
        }
        // Object streams of an encrypted PDF are bounded below instead; their ciphertext says nothing.
        if (decodedSoFar <= maxDecodedBytes && (facts.crossReferenceStream || !encrypted)) {
            long end = length >= 0 ? start + length : reader.length();
            PdfDecodeCounter.Count count = PdfDecodeCounter.count(reader.data(start, end), facts.filters,
                    facts.rowBytes, maxDecodedBytes - decodedSoFar);
            if (count.uncountable() != null) {
                undecodable(which + ": " + count.uncountable());
            } else if (facts.crossReferenceStream) {
                crossReferenceBytes = PdfDecodeCounter.saturatedAdd(crossReferenceBytes, count.bytes());
            } else {
                objectStreamBytes = PdfDecodeCounter.saturatedAdd(objectStreamBytes, count.bytes());
            }
        }
        if (facts.objectStream) {
            if (length < 0 && facts.lengthByReference) {
                // pdfbox takes whatever length the reference gives as long as "endstream" follows it.
                unboundable(which + " gives /Length by reference and may be encrypted");
                return;
            }
            long extent = length >= 0 ? length : untilEndKeyword(start);
            PdfDecodeCounter.Count bound = PdfDecodeCounter.bound(extent, facts.filters, facts.rowBytes);
            if (bound.uncountable() != null) {
                undecodable(which + ": " + bound.uncountable());
            }
            objectStreamBound = PdfDecodeCounter.saturatedAdd(objectStreamBound, bound.bytes());
        }
    }

    /** Where pdfbox starts a stream's data: after "stream", any spaces, then CR LF, LF or a lone CR. */
    private long streamDataStart(long afterKeyword) throws IOException {
        reader.seek(afterKeyword);
        int c;
        while ((c = reader.peek()) == ' ') {
            reader.read();
        }
        if (c == '\r') {
            reader.read();
            if (reader.peek() == '\n') {
                reader.read();
            }
        } else if (c == '\n') {
            reader.read();
        }
        return reader.position();
    }

    /**
     * The direct /Length if pdfbox would take it: positive, within the file and followed, after whitespace and
     * comments, by "endstream"; otherwise -1, as pdfbox then reads up to the first "endstream" or "endobj".
     */
    private long validLength(PdfStreamFacts facts, long start) throws IOException {
        long length = (long) facts.length;
        if (facts.lengthByReference || length <= 0 || length > reader.length() - start) {
            return -1;
        }
        reader.seek(start + length);
        reader.skipSpacesAndComments();
        return reader.startsWith("endstream") ? length : -1;
    }

    /** The bytes from {@code start} to the first "endstream" or "endobj", or to the end of the file. */
    private long untilEndKeyword(long start) throws IOException {
        reader.seek(start);
        int c;
        while ((c = reader.peek()) >= 0) {
            if (c == 'e' && (reader.startsWith("endstream") || reader.startsWith("endobj"))) {
                return reader.position() - start;
            }
            reader.read();
        }
        return reader.length() - start;
    }

    private void undecodable(String reason) {
        if (undecodable == null) {
            undecodable = reason;
        }
    }

    private void unboundable(String reason) {
        if (unboundable == null) {
            unboundable = reason;
        }
    }
}
