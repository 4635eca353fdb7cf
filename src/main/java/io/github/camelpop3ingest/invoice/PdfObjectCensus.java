package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

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

    private static final byte REGULAR = 0;
    private static final byte WHITESPACE = 1;
    private static final byte DELIMITER = 2;
    private static final byte[] CHARACTER_KINDS = new byte[256];

    static {
        for (char c : new char[] {' ', '\n', '\r', '\t', '\f', 0}) {
            CHARACTER_KINDS[c] = WHITESPACE;
        }
        for (char c : "()<>[]{}/%".toCharArray()) {
            CHARACTER_KINDS[c] = DELIMITER;
        }
    }

    private static final int SCAN_BUFFER = 64 * 1024;
    private static final int READ_BUFFER = 4 * 1024;
    private static final int STREAM_BUFFER = 8 * 1024;

    /** Names and keywords we compare are short; a hostile one may be megabytes long and is cut. */
    private static final int MAX_WORD = 32;

    /** pdfbox knows ten filters and applies each once, so a longer /Filter array is hostile. */
    private static final int MAX_FILTERS = 32;

    /** Longer lines are not subsection headers or entries of a cross-reference table. */
    private static final int MAX_TABLE_LINE = 256;

    /**
     * Bytes the second cursor may read, beyond twice the file: dictionaries and tables of a real PDF add up to less
     * than the file, while object headers nested in one long string would make every header re-read the rest.
     */
    private static final long BUDGET_GRACE = 1024 * 1024;

    private static final String ENCRYPT = "Encrypt";
    private static final int OBJ_TAIL = 'o' << 16 | 'b' << 8 | 'j';
    private static final int XREF_TAIL = 'x' << 24 | 'r' << 16 | 'e' << 8 | 'f';

    private final Source source;
    private final long maxDecodedBytes;
    private final Cursor reader;
    private final Lexer lexer;
    private long budget;
    private long crossReferenceEntries;
    private long objectStreamEntries;
    private long objectHeaders;
    private String uncountable;
    private boolean encrypted;
    /** Decoded bytes of cross-reference streams, which are never encrypted. */
    private long crossReferenceBytes;
    /** Decoded bytes of object streams, if they are not encrypted. */
    private long objectStreamBytes;
    /** The most object streams could decode to, if they are encrypted. */
    private long objectStreamBound;
    private String undecodable;
    /** Why the object streams cannot be bounded if they turn out to be encrypted. */
    private String unboundable;

    private PdfObjectCensus(Source source, long maxDecodedBytes) {
        this.source = source;
        this.maxDecodedBytes = maxDecodedBytes;
        this.reader = new Cursor();
        this.lexer = new Lexer(reader);
        this.budget = 2 * source.length() + BUDGET_GRACE;
    }

    /**
     * Counts what the PDF file declares, reading it from disk.
     *
     * @param maxDecodedBytes the decoded bytes of interest: decoding stops soon after the streams reach them
     */
    static Declared of(Path pdf, long maxDecodedBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(pdf, StandardOpenOption.READ)) {
            return new PdfObjectCensus(new ChannelSource(channel, channel.size()), maxDecodedBytes).count();
        }
    }

    /** Counts what the PDF held in memory declares; see {@link #of(Path, long)}. */
    static Declared of(byte[] pdf, long maxDecodedBytes) throws IOException {
        return new PdfObjectCensus(new ArraySource(pdf), maxDecodedBytes).count();
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
                byte kind = CHARACTER_KINDS[c];
                if (kind == REGULAR) {
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
                    boolean integer = isDigit(last);
                    integersBefore = integer ? Math.min(integersBefore + 1, 2) : 0;
                    if (!inComment) {
                        integersAcrossComments = integer ? Math.min(integersAcrossComments + 1, 2) : 0;
                    }
                    wordLength = 0;
                    wordCut = false;
                }
                if (kind == DELIMITER) {
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
        if (uncountable == null && budget < 0) {
            uncountable = "its objects overlap too much to be counted";
        }
        long objects = Math.max(crossReferenceEntries, Math.max(objectStreamEntries, objectHeaders));
        long decoded = saturatedAdd(crossReferenceBytes, encrypted ? objectStreamBound : objectStreamBytes);
        String whyNotDecoded = undecodable != null ? undecodable : encrypted ? unboundable : null;
        return new Declared(objects, uncountable, decoded, whyNotDecoded);
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
            if (c == '#' && i + 2 < length && isHexDigit(word[i + 1]) && isHexDigit(word[i + 2])) {
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
                && (length == 3 ? integers >= 2 : integers >= 1 && isDigit(tail >>> 24))) {
            objectHeaders = saturatedAdd(objectHeaders, 1);
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
        Facts facts = new Facts();
        int depth = 1;
        while (depth > 0) {
            Kind kind = lexer.next();
            if (kind == Kind.END) {
                break;
            } else if (kind == Kind.DICT_OPEN || kind == Kind.ARRAY_OPEN) {
                depth++;
            } else if (kind == Kind.DICT_CLOSE || kind == Kind.ARRAY_CLOSE) {
                depth--;
            } else if (kind == Kind.KEYWORD && (lexer.text.equals("endobj") || lexer.text.equals("endstream"))) {
                // pdfbox ends a broken dictionary there too.
                break;
            } else if (kind == Kind.NAME && depth == 1) {
                readValue(lexer.text, facts);
            }
        }
        facts.addTo(this);
        if (depth == 0 && (facts.crossReferenceStream || facts.objectStream)) {
            readStream(facts);
        }
    }

    /**
     * Counts what pdfbox would hold to decode the stream of an xref or object stream dictionary just read: decoded if
     * it is not encrypted, and, for an object stream, bounded by its length in case it is.
     */
    private void readStream(Facts facts) throws IOException {
        if (lexer.next() != Kind.KEYWORD || !lexer.text.equals("stream")) {
            return;
        }
        long start = streamDataStart(reader.position);
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
        long decodedSoFar = saturatedAdd(crossReferenceBytes, objectStreamBytes);
        if (facts.crossReferenceStream) {
            decodedSoFar = Math.min(decodedSoFar, saturatedAdd(crossReferenceBytes, objectStreamBound));
        }
        // Object streams of an encrypted PDF are bounded below instead; their ciphertext says nothing.
        if (decodedSoFar <= maxDecodedBytes && (facts.crossReferenceStream || !encrypted)) {
            long end = length >= 0 ? start + length : source.length();
            PdfDecodeCounter.Count count = PdfDecodeCounter.count(new SourceStream(start, end), facts.filters,
                    facts.rowBytes, maxDecodedBytes - decodedSoFar);
            if (count.uncountable() != null) {
                undecodable(which + ": " + count.uncountable());
            } else if (facts.crossReferenceStream) {
                crossReferenceBytes = saturatedAdd(crossReferenceBytes, count.bytes());
            } else {
                objectStreamBytes = saturatedAdd(objectStreamBytes, count.bytes());
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
            objectStreamBound = saturatedAdd(objectStreamBound, bound.bytes());
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
        return reader.position;
    }

    /**
     * The direct /Length if pdfbox would take it: positive, within the file and followed, after whitespace and
     * comments, by "endstream"; otherwise -1, as pdfbox then reads up to the first "endstream" or "endobj".
     */
    private long validLength(Facts facts, long start) throws IOException {
        long length = (long) facts.length;
        if (facts.lengthByReference || length <= 0 || length > source.length() - start) {
            return -1;
        }
        reader.seek(start + length);
        skipSpacesAndComments();
        return startsWith("endstream") ? length : -1;
    }

    /** The bytes from {@code start} to the first "endstream" or "endobj", or to the end of the file. */
    private long untilEndKeyword(long start) throws IOException {
        reader.seek(start);
        int c;
        while ((c = reader.peek()) >= 0) {
            if (c == 'e' && (startsWith("endstream") || startsWith("endobj"))) {
                return reader.position - start;
            }
            reader.read();
        }
        return source.length() - start;
    }

    private boolean startsWith(String keyword) throws IOException {
        for (int i = 0; i < keyword.length(); i++) {
            if (reader.peek(i) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Reads the value of a top-level key; values of other keys are skipped by the caller's depth count. */
    private void readValue(String key, Facts facts) throws IOException {
        switch (key) {
            case "Filter" -> {
                readFilter(facts);
                return;
            }
            case "DecodeParms", "DP" -> {
                readDecodeParameters(facts);
                return;
            }
            case "Length" -> {
                readLength(facts);
                return;
            }
            default -> {
                // Counted below, or of no interest.
            }
        }
        boolean counted = key.equals("Size") || key.equals("N") || key.equals("Index");
        if (!counted && !key.equals("Type")) {
            return;
        }
        long mark = reader.position;
        Kind kind = lexer.next();
        if (kind == Kind.NUMBER) {
            long value = lexer.count;
            if (isReference()) {
                facts.byReference(key);
            } else if (counted) {
                facts.number(key, value);
            }
        } else if (kind == Kind.NAME && key.equals("Type")) {
            facts.type(lexer.text);
        } else if (kind == Kind.ARRAY_OPEN && key.equals("Index")) {
            facts.index(readIndex());
        } else {
            // A dictionary, an array or the end: the caller's depth count must see it.
            reader.seek(mark);
        }
    }

    /** Whether the number just read starts "n g R"; consumes the rest of the reference if so. */
    private boolean isReference() throws IOException {
        long mark = reader.position;
        if (lexer.next() == Kind.NUMBER && lexer.next() == Kind.KEYWORD && lexer.text.equals("R")) {
            return true;
        }
        reader.seek(mark);
        return false;
    }

    /** Reads /Filter: a name, an array of names, or anything else, which pdfbox takes as no filter. */
    private void readFilter(Facts facts) throws IOException {
        facts.filters.clear();
        facts.unreadableFilter = null;
        long mark = reader.position;
        Kind kind = lexer.next();
        if (kind == Kind.NAME) {
            facts.filters.add(lexer.text);
        } else if (kind == Kind.NUMBER) {
            if (isReference()) {
                facts.unreadableFilter = "gives /Filter by reference";
            }
        } else if (kind == Kind.ARRAY_OPEN) {
            while (true) {
                long before = reader.position;
                Kind item = lexer.next();
                if (item == Kind.ARRAY_CLOSE) {
                    break;
                } else if (item == Kind.END || isEndKeyword(item)) {
                    reader.seek(before);
                    break;
                } else if (item == Kind.NAME && facts.filters.size() < MAX_FILTERS) {
                    facts.filters.add(lexer.text);
                } else {
                    // pdfbox fails on anything but a name here and decodes nothing; a reference would be one.
                    facts.unreadableFilter = item == Kind.NAME ? "lists more than " + MAX_FILTERS + " filters"
                            : "lists other than names in /Filter";
                    reader.seek(before);
                    skipValue();
                }
            }
        } else {
            reader.seek(mark);
        }
    }

    /**
     * Reads /DecodeParms or /DP: a dictionary or an array of them. pdfbox picks the one for each filter by rules of
     * its own; the census takes the largest predictor row of any.
     */
    private void readDecodeParameters(Facts facts) throws IOException {
        long mark = reader.position;
        Kind kind = lexer.next();
        if (kind == Kind.DICT_OPEN) {
            readParameters(facts);
        } else if (kind == Kind.NUMBER) {
            if (isReference()) {
                facts.unreadableParameters = "gives /DecodeParms by reference";
            }
        } else if (kind == Kind.ARRAY_OPEN) {
            while (true) {
                long before = reader.position;
                Kind item = lexer.next();
                if (item == Kind.ARRAY_CLOSE) {
                    break;
                } else if (item == Kind.END || isEndKeyword(item)) {
                    reader.seek(before);
                    break;
                } else if (item == Kind.DICT_OPEN) {
                    readParameters(facts);
                } else if (item == Kind.NUMBER && isReference()) {
                    facts.unreadableParameters = "gives /DecodeParms by reference";
                } else if (item == Kind.ARRAY_OPEN) {
                    reader.seek(before);
                    skipValue();
                }
            }
        } else {
            reader.seek(mark);
        }
    }

    /** Reads a parameter dictionary whose "<<" was read, for the predictor's row length. */
    private void readParameters(Facts facts) throws IOException {
        double predictor = 1;
        double colors = 1;
        double bitsPerComponent = 8;
        double columns = 1;
        int depth = 1;
        while (depth > 0) {
            long before = reader.position;
            Kind kind = lexer.next();
            if (kind == Kind.END || isEndKeyword(kind)) {
                reader.seek(before);
                break;
            } else if (kind == Kind.DICT_OPEN || kind == Kind.ARRAY_OPEN) {
                depth++;
            } else if (kind == Kind.DICT_CLOSE || kind == Kind.ARRAY_CLOSE) {
                depth--;
            } else if (kind == Kind.NAME && depth == 1) {
                String key = lexer.text;
                if (!key.equals("Predictor") && !key.equals("Colors") && !key.equals("BitsPerComponent")
                        && !key.equals("Columns")) {
                    continue;
                }
                long mark = reader.position;
                if (lexer.next() != Kind.NUMBER) {
                    reader.seek(mark);
                    continue;
                }
                double value = lexer.value;
                if (isReference()) {
                    facts.unreadableParameters = "gives /" + key + " by reference";
                }
                switch (key) {
                    case "Predictor" -> predictor = value;
                    case "Colors" -> colors = value;
                    case "BitsPerComponent" -> bitsPerComponent = value;
                    default -> columns = value;
                }
            }
        }
        facts.rowBytes = Math.max(facts.rowBytes,
                PdfDecodeCounter.rowBytes(predictor, colors, bitsPerComponent, columns));
    }

    private void readLength(Facts facts) throws IOException {
        long mark = reader.position;
        if (lexer.next() != Kind.NUMBER) {
            reader.seek(mark);
            return;
        }
        double value = lexer.value;
        facts.lengthByReference = isReference();
        facts.length = facts.lengthByReference ? -1 : value;
    }

    /** Skips one value, nested arrays and dictionaries included, up to the end of a broken object. */
    private void skipValue() throws IOException {
        int depth = 0;
        do {
            long before = reader.position;
            Kind kind = lexer.next();
            if (kind == Kind.END || isEndKeyword(kind)) {
                reader.seek(before);
                return;
            } else if (kind == Kind.DICT_OPEN || kind == Kind.ARRAY_OPEN) {
                depth++;
            } else if (kind == Kind.DICT_CLOSE || kind == Kind.ARRAY_CLOSE) {
                depth--;
            }
        } while (depth > 0);
    }

    /** Whether the token just read is a keyword at which pdfbox ends a broken dictionary. */
    private boolean isEndKeyword(Kind kind) {
        return kind == Kind.KEYWORD && (lexer.text.equals("endobj") || lexer.text.equals("endstream"));
    }

    /** The objects an /Index array lists: the second number of each pair, nested values skipped. */
    private long readIndex() throws IOException {
        long total = 0;
        int numbers = 0;
        int depth = 1;
        while (depth > 0) {
            Kind kind = lexer.next();
            if (kind == Kind.END) {
                break;
            } else if (kind == Kind.ARRAY_OPEN || kind == Kind.DICT_OPEN) {
                depth++;
            } else if (kind == Kind.ARRAY_CLOSE || kind == Kind.DICT_CLOSE) {
                depth--;
            } else if (kind == Kind.NUMBER && depth == 1 && numbers++ % 2 == 1) {
                total = saturatedAdd(total, lexer.count);
            }
        }
        return total;
    }

    /**
     * Adds the counts of a cross-reference table's subsection headers ("first count" lines); pdfbox reads up to that
     * many entries after each and stops at the first line that is neither a header nor an entry.
     */
    private void readTable(long position) throws IOException {
        reader.seek(position);
        StringBuilder line = new StringBuilder();
        while (true) {
            skipSpacesAndComments();
            int c = reader.peek();
            if (!isNumberStart(c)) {
                return;
            }
            line.setLength(0);
            while ((c = reader.peek()) >= 0 && c != '\r' && c != '\n' && line.length() < MAX_TABLE_LINE) {
                line.append((char) reader.read());
            }
            String[] fields = line.toString().trim().split("[\\s\\x00]+");
            if (fields.length == 2 && isNumber(fields[1])) {
                crossReferenceEntries = saturatedAdd(crossReferenceEntries, Lexer.countOf(fields[1]));
            } else if (fields.length < 3) {
                return;
            }
        }
    }

    private void skipSpacesAndComments() throws IOException {
        int c;
        while ((c = reader.peek()) >= 0) {
            if (c == '%') {
                while ((c = reader.peek()) >= 0 && c != '\r' && c != '\n') {
                    reader.read();
                }
            } else if (isWhitespace(c)) {
                reader.read();
            } else {
                return;
            }
        }
    }

    private void uncountable(String reason) {
        if (uncountable == null) {
            uncountable = reason;
        }
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

    /** What one dictionary says about itself; counted only if it is an xref stream or an object stream. */
    private static final class Facts {

        private boolean crossReferenceStream;
        private boolean objectStream;
        private long size = -1;
        /** The objects of a direct /Index array; pdfbox ignores an /Index that is not an array and takes /Size. */
        private long index = -1;
        private long entries = -1;
        private boolean sizeByReference;
        private boolean indexByReference;
        private boolean entriesByReference;
        /** The last /Filter's names, as pdfbox keeps the last value of a repeated key. */
        private final List<String> filters = new ArrayList<>();
        /** The largest row any predictor of /DecodeParms or /DP allocates. */
        private long rowBytes;
        /** The last direct /Length, or -1. */
        private double length = -1;
        private boolean lengthByReference;
        /** Why the last /Filter cannot be read here, or {@code null}. */
        private String unreadableFilter;
        /** Why any /DecodeParms or /DP cannot be read here, or {@code null}. */
        private String unreadableParameters;

        String unreadable() {
            return unreadableFilter != null ? unreadableFilter : unreadableParameters;
        }

        void type(String name) {
            crossReferenceStream |= name.equals("XRef");
            objectStream |= name.equals("ObjStm");
        }

        void number(String key, long value) {
            if (key.equals("Size")) {
                size = Math.max(size, value);
            } else if (key.equals("N")) {
                entries = Math.max(entries, value);
            }
        }

        void index(long value) {
            index = Math.max(index, value);
        }

        void byReference(String key) {
            switch (key) {
                case "Size" -> sizeByReference = true;
                case "Index" -> indexByReference = true;
                case "N" -> entriesByReference = true;
                default -> {
                    // pdfbox resolves a /Type reference too; the dictionary may be either kind of stream.
                    crossReferenceStream = true;
                    objectStream = true;
                }
            }
        }

        void addTo(PdfObjectCensus census) {
            if (crossReferenceStream) {
                // pdfbox takes /Size only when there is no /Index.
                boolean indexed = index >= 0 || indexByReference;
                if (indexByReference) {
                    census.uncountable("its cross-reference stream gives /Index by reference");
                } else if (!indexed && sizeByReference) {
                    census.uncountable("its cross-reference stream gives /Size by reference");
                }
                census.crossReferenceEntries =
                        saturatedAdd(census.crossReferenceEntries, indexed ? Math.max(index, 0) : Math.max(size, 0));
            }
            if (objectStream) {
                if (entriesByReference) {
                    census.uncountable("its object stream gives /N by reference");
                }
                census.objectStreamEntries = saturatedAdd(census.objectStreamEntries, Math.max(entries, 0));
            }
        }
    }

    private enum Kind {
        DICT_OPEN, DICT_CLOSE, ARRAY_OPEN, ARRAY_CLOSE, NAME, NUMBER, KEYWORD, OTHER, END
    }

    /** PDF tokens as pdfbox's parser sees them, strings and comments skipped. */
    private static final class Lexer {

        private final Cursor in;
        private final StringBuilder word = new StringBuilder();
        /** The text of the last name (without its slash, #xx decoded) or keyword, cut at {@link #MAX_WORD}. */
        String text;
        /** The last number as an object count: its magnitude, rounded up, as large as pdfbox could take it. */
        long count;
        /** The last number's value, or its {@link #count} if it does not parse. */
        double value;

        Lexer(Cursor in) {
            this.in = in;
        }

        Kind next() throws IOException {
            int c;
            while (true) {
                c = in.read();
                if (c < 0) {
                    return Kind.END;
                } else if (c == '%') {
                    while ((c = in.peek()) >= 0 && c != '\r' && c != '\n') {
                        in.read();
                    }
                } else if (!isWhitespace(c)) {
                    break;
                }
            }
            switch (c) {
                case '<' -> {
                    if (in.peek() == '<') {
                        in.read();
                        return Kind.DICT_OPEN;
                    }
                    skipHexString();
                    return Kind.OTHER;
                }
                case '>' -> {
                    if (in.peek() == '>') {
                        in.read();
                        return Kind.DICT_CLOSE;
                    }
                    return Kind.OTHER;
                }
                case '[' -> {
                    return Kind.ARRAY_OPEN;
                }
                case ']' -> {
                    return Kind.ARRAY_CLOSE;
                }
                case '(' -> {
                    skipLiteralString();
                    return Kind.OTHER;
                }
                case '/' -> {
                    readName();
                    return Kind.NAME;
                }
                default -> {
                    if (isNumberStart(c)) {
                        readNumber(c);
                        return Kind.NUMBER;
                    }
                    if (isRegular(c)) {
                        readKeyword(c);
                        return Kind.KEYWORD;
                    }
                    return Kind.OTHER;
                }
            }
        }

        private void readName() throws IOException {
            word.setLength(0);
            int c;
            while ((c = in.peek()) >= 0 && !isEndOfName(c)) {
                in.read();
                if (c == '#' && isHexDigit(in.peek(0)) && isHexDigit(in.peek(1))) {
                    c = Character.digit(in.read(), 16) * 16 + Character.digit(in.read(), 16);
                }
                append(c);
            }
            text = word.toString();
        }

        private void readNumber(int first) throws IOException {
            word.setLength(0);
            append(first);
            int c;
            while ((c = in.peek()) >= 0 && isNumberPart(c)) {
                append(in.read());
            }
            String number = word.toString();
            count = countOf(number);
            try {
                value = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                value = count;
            }
        }

        private void readKeyword(int first) throws IOException {
            word.setLength(0);
            append(first);
            int c;
            while ((c = in.peek()) >= 0 && isRegular(c)) {
                append(in.read());
            }
            text = word.toString();
        }

        private void append(int c) {
            if (word.length() < MAX_WORD) {
                word.append((char) c);
            }
        }

        /**
         * Skips a literal string with pdfbox's leniency for broken writers: a closing parenthesis, even an escaped
         * one, followed by a line break and a slash or '>' ends the string while parentheses are still open.
         */
        private void skipLiteralString() throws IOException {
            int open = 1;
            int c;
            while (open > 0 && (c = in.read()) >= 0) {
                if (c == '\\') {
                    if (in.read() == ')' && endsBrokenString()) {
                        return;
                    }
                } else if (c == '(') {
                    open++;
                } else if (c == ')') {
                    open--;
                    if (open > 0 && endsBrokenString()) {
                        return;
                    }
                }
            }
        }

        private boolean endsBrokenString() throws IOException {
            int first = in.peek(0);
            int second = in.peek(1);
            if (first == '\r' || first == '\n') {
                if (second == '/' || second == '>') {
                    return true;
                }
                int third = in.peek(2);
                return first == '\r' && second == '\n' && (third == '/' || third == '>');
            }
            return false;
        }

        private void skipHexString() throws IOException {
            int c;
            while ((c = in.read()) >= 0 && c != '>') {
                // pdfbox too reads a hex string up to the next '>', whatever lies between.
            }
        }

        /**
         * A number's magnitude rounded up, saturating: pdfbox casts /Size to int, so -4274967296 is 20000000 to it
         * and only a magnitude is a safe upper bound. What does not parse counts as its digits.
         */
        static long countOf(String number) {
            double value;
            try {
                value = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                String digits = number.replaceAll("[^0-9]", "");
                value = digits.isEmpty() ? 0 : Double.parseDouble(digits);
            }
            double magnitude = Math.ceil(Math.abs(value));
            return magnitude >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) magnitude;
        }
    }

    /** A buffered position in the PDF for reading what follows a keyword; every byte read draws on the budget. */
    private final class Cursor {

        private final byte[] buffer = new byte[READ_BUFFER];
        private long bufferStart;
        private int bufferLength;
        long position;

        void seek(long newPosition) {
            position = newPosition;
        }

        int read() throws IOException {
            int c = peek(0);
            if (c >= 0) {
                position++;
                budget--;
            }
            return c;
        }

        int peek() throws IOException {
            return peek(0);
        }

        /** The byte that far ahead, or -1 at the end and, once the budget is spent, everywhere. */
        int peek(int ahead) throws IOException {
            if (budget < 0) {
                return -1;
            }
            long at = position + ahead;
            if (at < bufferStart || at >= bufferStart + bufferLength) {
                bufferStart = at;
                bufferLength = Math.max(0, source.read(at, buffer));
            }
            return at < bufferStart + bufferLength ? buffer[(int) (at - bufferStart)] & 0xff : -1;
        }
    }

    /** A stream's data from a position up to an end, each byte read drawing on the budget. */
    private final class SourceStream extends InputStream {

        private final byte[] buffer = new byte[STREAM_BUFFER];
        private final long end;
        private long bufferStart;
        private int bufferLength;
        private long position;

        SourceStream(long start, long end) {
            this.position = start;
            this.bufferStart = start;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            budget--;
            return buffer[(int) (position++ - bufferStart)] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = (int) Math.min(length, bufferStart + bufferLength - position);
            System.arraycopy(buffer, (int) (position - bufferStart), bytes, offset, n);
            position += n;
            budget -= n;
            return n;
        }

        /** Whether a byte is buffered at the position, reading more if needed. */
        private boolean fill() throws IOException {
            if (budget < 0 || position >= end) {
                return false;
            }
            if (position >= bufferStart + bufferLength) {
                bufferStart = position;
                bufferLength = (int) Math.min(Math.max(0, source.read(position, buffer)), end - position);
            }
            return position < bufferStart + bufferLength;
        }
    }

    /** The PDF's bytes, read at any position. */
    private interface Source {

        long length();

        /** Reads up to the buffer's length at the position; -1 or 0 at the end. */
        int read(long position, byte[] buffer) throws IOException;
    }

    private record ArraySource(byte[] bytes) implements Source {

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public int read(long position, byte[] buffer) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(buffer.length, bytes.length - position);
            System.arraycopy(bytes, (int) position, buffer, 0, n);
            return n;
        }
    }

    private record ChannelSource(FileChannel channel, long length) implements Source {

        @Override
        public int read(long position, byte[] buffer) throws IOException {
            ByteBuffer target = ByteBuffer.wrap(buffer);
            while (target.hasRemaining()) {
                int n = channel.read(target, position + target.position());
                if (n < 0) {
                    break;
                }
            }
            return target.position() == 0 ? -1 : target.position();
        }
    }

    private static boolean isWhitespace(int c) {
        return c >= 0 && CHARACTER_KINDS[c] == WHITESPACE;
    }

    private static boolean isRegular(int c) {
        return c >= 0 && CHARACTER_KINDS[c] == REGULAR;
    }

    /** pdfbox ends a name at these, not at braces. */
    private static boolean isEndOfName(int c) {
        return isWhitespace(c) || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '/'
                || c == '%';
    }

    private static boolean isNumberStart(int c) {
        return c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.';
    }

    /** pdfbox reads a number as long as these follow, so "2e7" and "20000000abc" are numbers to it. */
    private static boolean isNumberPart(int c) {
        return isNumberStart(c) || c == 'e' || c == 'E';
    }

    private static boolean isNumber(String text) {
        if (text.isEmpty() || !isNumberStart(text.charAt(0))) {
            return false;
        }
        return text.chars().allMatch(PdfObjectCensus::isNumberPart);
    }

    private static boolean isHexDigit(int c) {
        return c >= 0 && c < 128 && Character.digit(c, 16) >= 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
