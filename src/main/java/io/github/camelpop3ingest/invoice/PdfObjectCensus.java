package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.github.camelpop3ingest.invoice.PdfLexer.Kind;

/**
 * Counts in a PDF's raw bytes the objects pdfbox would allocate for, and the bytes it would decode into memory to find
 * them, before pdfbox is given the PDF.
 */
final class PdfObjectCensus {

    // What pdfbox 3.0.8 allocates for, found by experiment: one entry per in-use object of each cross-reference
    // section, reading as many as a table's subsection header, an xref stream's /Index or else its /Size declare
    // (with /W [0 0 0] it needs no data for them); as many pairs as an object stream's /N declares; and, when the
    // cross-reference data is broken, one entry per object header it finds. A trailer's /Size and free entries cost
    // it nothing. The census is the largest of the three counts. The file is read once in order; at every object
    // header and xref keyword a second cursor reads what follows, so an xref stream hidden inside another object's
    // data is found too. An object header is found as pdfbox reads one where an offset sends it: comments may stand
    // between its parts, and the offset may point into the middle of a word. Dictionaries are read as leniently as
    // pdfbox reads them, and where the two could disagree the census counts more, not less.
    //
    // pdfbox decodes every cross-reference stream it reads and every object stream it takes an object from into
    // memory in full, whatever their /Size or /N, so the census decodes them too, as PdfDecodeCounter does, keeping
    // only the count: from where pdfbox starts a stream's data, to the end of its valid direct /Length or else of the
    // file (each filter stops at its own end). pdfbox reads only streams of /Type /XRef as cross-reference streams,
    // and finds object streams by /Type /ObjStm when it rebuilds a broken PDF; an object stream a cross-reference
    // stream names may have any type, and BoundedPdfParser counts those as pdfbox comes to decode them. Object
    // streams of an encrypted PDF hold ciphertext that pdfbox decrypts first; for them the most their filters could
    // make of their length counts instead. A PDF counts as encrypted if the name /Encrypt appears anywhere in it,
    // which is everywhere pdfbox looks for it and more.

    /**
     * What a PDF declares.
     *
     * @param objects the largest of its cross-reference entries, object stream entries and object headers
     * @param uncountable why the objects could not be counted, or {@code null}
     * @param decodedBytes what pdfbox would hold to decode its cross-reference and object streams, counted up to a
     *     little past the limit the census was given
     * @param undecodable why the decoded bytes could not be counted, or {@code null}
     */
    record Declared(long objects, String uncountable, long decodedBytes, String undecodable) {}

    private static final int SCAN_BUFFER = 64 * 1024;

    /** Words of the scan are cut where the lexer cuts names and keywords. */
    private static final int MAX_WORD = PdfLexer.MAX_WORD;

    /** Longer lines are not subsection headers or entries of a cross-reference table. */
    private static final int MAX_TABLE_LINE = 256;

    private static final String ENCRYPT = "Encrypt";
    private static final int OBJ_TAIL = 'o' << 16 | 'b' << 8 | 'j';
    private static final int XREF_TAIL = 'x' << 24 | 'r' << 16 | 'e' << 8 | 'f';

    private final PdfSource source;
    private final PdfCursor reader;
    private final PdfLexer lexer;
    private final PdfDictionaryReader dictionaries;
    private final PdfStreamDecodeTally streams;
    private long crossReferenceEntries;
    private long objectStreamEntries;
    private long objectHeaders;
    private String uncountable;
    private boolean encrypted;

    private PdfObjectCensus(PdfSource source, long maxDecodedBytes) {
        this.source = source;
        this.reader = new PdfCursor(source);
        this.lexer = new PdfLexer(reader);
        this.dictionaries = new PdfDictionaryReader(reader, lexer);
        this.streams = new PdfStreamDecodeTally(reader, lexer, maxDecodedBytes);
    }

    /**
     * Counts what the PDF file declares, reading it from disk.
     *
     * @param maxDecodedBytes the decoded bytes of interest: decoding stops soon after the streams reach them
     */
    static Declared of(Path pdf, long maxDecodedBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(pdf, StandardOpenOption.READ)) {
            return new PdfObjectCensus(new PdfSource.ChannelSource(channel, channel.size()), maxDecodedBytes).count();
        }
    }

    /** Counts what the PDF held in memory declares; see {@link #of(Path, long)}. */
    static Declared of(byte[] pdf, long maxDecodedBytes) throws IOException {
        return new PdfObjectCensus(new PdfSource.ArraySource(pdf), maxDecodedBytes).count();
    }

    private Declared count() throws IOException {
        byte[] chunk = new byte[SCAN_BUFFER];
        char[] word = new char[MAX_WORD];
        int wordLength = 0;
        boolean wordCut = false;
        // A cut word's last four characters, a byte each, so that even it shows how it ends.
        int cutTail = 0;
        // How many integers stand right before the current word, separated by whitespace only ("12 0 obj"), and
        // separated by whitespace and comments, as pdfbox reads an object header ("12 %\n0 obj"). A comment may be
        // binary data to the first count, whose words are all read; the second skips it as pdfbox would.
        int integersBefore = 0;
        int integersAcrossComments = 0;
        // Both change only at characters between words, so at a word's end they still tell how it began.
        boolean inComment = false;
        boolean afterSlash = false;
        long chunkStart = 0;
        int n;
        while ((n = source.read(chunkStart, chunk)) > 0) {
            for (int i = 0; i < n; i++) {
                int c = chunk[i] & 0xff;
                byte kind = PdfCharacters.kind(c);
                if (kind == PdfCharacters.REGULAR) {
                    if (wordLength < MAX_WORD) {
                        word[wordLength++] = (char) c;
                    } else {
                        cutTail = (wordCut ? cutTail : tail(word, MAX_WORD)) << 8 | c;
                        wordCut = true;
                    }
                    continue;
                }
                if (wordLength > 0) {
                    int last = wordCut ? cutTail & 0xff : word[wordLength - 1];
                    if (afterSlash && !wordCut && isEncryptName(word, wordLength)) {
                        encrypted = true;
                    }
                    if (last == 'j' || last == 'f') {
                        word(wordCut ? cutTail : tail(word, wordLength), wordLength, chunkStart + i, integersBefore,
                                inComment ? 0 : integersAcrossComments);
                    }
                    boolean integer = PdfCharacters.isDigit(last);
                    integersBefore = integer ? Math.min(integersBefore + 1, 2) : 0;
                    if (!inComment) {
                        integersAcrossComments = integer ? Math.min(integersAcrossComments + 1, 2) : 0;
                    }
                    wordLength = 0;
                    wordCut = false;
                }
                if (kind == PdfCharacters.DELIMITER) {
                    integersBefore = 0;
                    if (c == '%') {
                        inComment = true;
                    } else if (!inComment) {
                        integersAcrossComments = 0;
                    }
                } else if (c == '\r' || c == '\n') {
                    inComment = false;
                }
                afterSlash = c == '/';
            }
            chunkStart += n;
        }
        if (wordLength > 0) {
            if (afterSlash && !wordCut && isEncryptName(word, wordLength)) {
                encrypted = true;
            }
            word(wordCut ? cutTail : tail(word, wordLength), wordLength, chunkStart, integersBefore,
                    inComment ? 0 : integersAcrossComments);
        }
        if (uncountable == null && reader.overBudget()) {
            uncountable = "its objects overlap too much to be counted";
        }
        long objects = Math.max(crossReferenceEntries, Math.max(objectStreamEntries, objectHeaders));
        return new Declared(objects, uncountable, streams.decodedBytes(encrypted), streams.whyUndecodable(encrypted));
    }

    /** The last four characters of a word, a byte each, the first in the highest; fewer for a shorter word. */
    private static int tail(char[] word, int length) {
        int tail = 0;
        for (int i = Math.max(0, length - 4); i < length; i++) {
            tail = tail << 8 | word[i];
        }
        return tail;
    }

    /** Whether a name's text is Encrypt, read as pdfbox reads names: #xx is the character xx. */
    private static boolean isEncryptName(char[] word, int length) {
        int matched = 0;
        for (int i = 0; i < length; i++) {
            int c = word[i];
            if (c == '#' && i + 2 < length && PdfCharacters.isHexDigit(word[i + 1]) && PdfCharacters.isHexDigit(word[i + 2])) {
                c = Character.digit(word[i + 1], 16) * 16 + Character.digit(word[i + 2], 16);
                i += 2;
            }
            if (matched == ENCRYPT.length() || c != ENCRYPT.charAt(matched)) {
                return false;
            }
            matched++;
        }
        return matched == ENCRYPT.length();
    }

    /**
     * Acts on one word of the sequential scan, given by its last four characters: "obj" after two integers, or
     * ending in a digit and "obj" after one ("0obj"), or ending in "xref". An offset can send pdfbox into the middle of
     * a word, so a word counts as an integer if it ends in a digit and as "xref" if it ends so ("startxref" too, which
     * is harmless: a table needs two numbers on a line). Most words are noise in binary stream data, so none is made a
     * String.
     *
     * @param integersBefore the integers right before the word, whitespace between them
     * @param integersAcrossComments the integers right before the word, whitespace and comments between them
     */
    private void word(int tail, int length, long end, int integersBefore, int integersAcrossComments)
            throws IOException {
        int integers = Math.max(integersBefore, integersAcrossComments);
        if ((tail & 0xffffff) == OBJ_TAIL
                && (length == 3 ? integers >= 2 : integers >= 1 && PdfCharacters.isDigit(tail >>> 24))) {
            objectHeaders = PdfDecodeCounter.saturatedAdd(objectHeaders, 1);
            readObject(end);
        } else if (length >= 4 && tail == XREF_TAIL) {
            readTable(end);
        }
    }

    /**
     * Reads the dictionary after an object header, if any, and counts it and its stream's decoded bytes if it is an
     * xref or object stream.
     */
    private void readObject(long position) throws IOException {
        reader.seek(position);
        if (lexer.next() != Kind.DICT_OPEN) {
            return;
        }
        PdfStreamFacts facts = new PdfStreamFacts();
        boolean closed = dictionaries.read(facts);
        facts.addTo(this);
        if (closed && (facts.crossReferenceStream || facts.objectStream)) {
            streams.read(facts, encrypted);
        }
    }

    /**
     * Adds the counts of a cross-reference table's subsection headers ("first count" lines); pdfbox reads up to that
     * many entries after each and stops at the first line that is neither a header nor an entry.
     */
    private void readTable(long position) throws IOException {
        reader.seek(position);
        StringBuilder line = new StringBuilder();
        while (true) {
            reader.skipSpacesAndComments();
            int c = reader.peek();
            if (!PdfCharacters.isNumberStart(c)) {
                return;
            }
            line.setLength(0);
            while ((c = reader.peek()) >= 0 && c != '\r' && c != '\n' && line.length() < MAX_TABLE_LINE) {
                line.append((char) reader.read());
            }
            String[] fields = line.toString().trim().split("[\\s\\x00]+");
            if (fields.length == 2 && PdfCharacters.isNumber(fields[1])) {
                crossReferenceEntries = PdfDecodeCounter.saturatedAdd(crossReferenceEntries, PdfLexer.countOf(fields[1]));
            } else if (fields.length < 3) {
                return;
            }
        }
    }
    /** Records why the objects cannot be counted, unless a reason was recorded before. */
    void uncountable(String reason) {
        if (uncountable == null) {
            uncountable = reason;
        }
    }

    void addCrossReferenceEntries(long entries) {
        crossReferenceEntries = PdfDecodeCounter.saturatedAdd(crossReferenceEntries, entries);
    }

    void addObjectStreamEntries(long entries) {
        objectStreamEntries = PdfDecodeCounter.saturatedAdd(objectStreamEntries, entries);
    }
}
