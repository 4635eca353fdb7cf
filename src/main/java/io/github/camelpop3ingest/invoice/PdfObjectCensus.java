package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Counts in a PDF's raw bytes the objects pdfbox would allocate for, before pdfbox is given the PDF. */
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

    /**
     * What a PDF declares.
     *
     * @param objects the largest of its cross-reference entries, object stream entries and object headers
     * @param uncountable why the count could not be taken, or {@code null}
     */
    record Declared(long objects, String uncountable) {

        boolean exceeds(long cap) {
            return uncountable != null || objects > cap;
        }
    }

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

    /** Names and keywords we compare are short; a hostile one may be megabytes long and is cut. */
    private static final int MAX_WORD = 32;

    /** Longer lines are not subsection headers or entries of a cross-reference table. */
    private static final int MAX_TABLE_LINE = 256;

    /**
     * Bytes the second cursor may read, beyond twice the file: dictionaries and tables of a real PDF add up to less
     * than the file, while object headers nested in one long string would make every header re-read the rest.
     */
    private static final long BUDGET_GRACE = 1024 * 1024;

    private static final int OBJ_TAIL = 'o' << 16 | 'b' << 8 | 'j';
    private static final int XREF_TAIL = 'x' << 24 | 'r' << 16 | 'e' << 8 | 'f';

    private final Source source;
    private final Cursor reader;
    private final Lexer lexer;
    private long budget;
    private long crossReferenceEntries;
    private long objectStreamEntries;
    private long objectHeaders;
    private String uncountable;

    private PdfObjectCensus(Source source) {
        this.source = source;
        this.reader = new Cursor();
        this.lexer = new Lexer(reader);
        this.budget = 2 * source.length() + BUDGET_GRACE;
    }

    /** Counts what the PDF file declares, reading it from disk. */
    static Declared of(Path pdf) throws IOException {
        try (FileChannel channel = FileChannel.open(pdf, StandardOpenOption.READ)) {
            return new PdfObjectCensus(new ChannelSource(channel, channel.size())).count();
        }
    }

    /** Counts what the PDF held in memory declares. */
    static Declared of(byte[] pdf) throws IOException {
        return new PdfObjectCensus(new ArraySource(pdf)).count();
    }

    private Declared count() throws IOException {
        byte[] chunk = new byte[SCAN_BUFFER];
        char[] word = new char[MAX_WORD];
        int wordLength = 0;
        boolean wordCut = false;
        // The current word's last four characters, a byte each: even a cut word shows how it ends.
        int tail = 0;
        // How many integers stand right before the current word, separated by whitespace only ("12 0 obj"), and
        // separated by whitespace and comments, as pdfbox reads an object header ("12 %\n0 obj"). A comment may be
        // binary data to the first count, whose words are all read; the second skips it as pdfbox would.
        int integersBefore = 0;
        int integersAcrossComments = 0;
        boolean inComment = false;
        boolean wordInComment = false;
        long chunkStart = 0;
        int n;
        while ((n = source.read(chunkStart, chunk)) > 0) {
            for (int i = 0; i < n; i++) {
                int c = chunk[i] & 0xff;
                byte kind = CHARACTER_KINDS[c];
                if (kind == REGULAR) {
                    if (wordLength == 0) {
                        wordInComment = inComment;
                    }
                    if (wordLength < MAX_WORD) {
                        word[wordLength++] = (char) c;
                    } else {
                        wordCut = true;
                    }
                    tail = tail << 8 | c;
                    continue;
                }
                if (wordLength > 0) {
                    word(tail, wordLength, chunkStart + i, integersBefore,
                            wordInComment ? 0 : integersAcrossComments);
                    boolean integer = isDigit(tail & 0xff);
                    integersBefore = integer ? Math.min(integersBefore + 1, 2) : 0;
                    if (!wordInComment) {
                        integersAcrossComments = integer ? Math.min(integersAcrossComments + 1, 2) : 0;
                    }
                    wordLength = 0;
                    wordCut = false;
                    tail = 0;
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
            }
            chunkStart += n;
        }
        if (wordLength > 0) {
            word(tail, wordLength, chunkStart, integersBefore, wordInComment ? 0 : integersAcrossComments);
        }
        if (uncountable == null && budget < 0) {
            uncountable = "its objects overlap too much to be counted";
        }
        long objects = Math.max(crossReferenceEntries, Math.max(objectStreamEntries, objectHeaders));
        return new Declared(objects, uncountable);
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

    /** Reads the dictionary after an object header, if any, and counts it if it is an xref or object stream. */
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
    }

    /** Reads the value of a top-level key; values of other keys are skipped by the caller's depth count. */
    private void readValue(String key, Facts facts) throws IOException {
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
            count = countOf(word.toString());
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
