package io.github.camelpop3ingest.invoice;

import java.io.IOException;

/** PDF tokens as pdfbox's parser sees them, strings and comments skipped. */
final class PdfLexer {

    /** What a token is. */
    enum Kind {
        DICT_OPEN, DICT_CLOSE, ARRAY_OPEN, ARRAY_CLOSE, NAME, NUMBER, KEYWORD, OTHER, END
    }

    /** Names and keywords we compare are short; a hostile one may be megabytes long and is cut. */
    static final int MAX_WORD = 32;

    private final PdfCursor in;
    private final StringBuilder word = new StringBuilder();
    /** The text of the last name (without its slash, #xx decoded) or keyword, cut at {@link #MAX_WORD}. */
    String text;
    /** The last number as an object count: its magnitude, rounded up, as large as pdfbox could take it. */
    long count;
    /** The last number's value, or its {@link #count} if it does not parse. */
    double value;

    PdfLexer(PdfCursor in) {
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
            } else if (!PdfCharacters.isWhitespace(c)) {
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
                if (PdfCharacters.isNumberStart(c)) {
                    readNumber(c);
                    return Kind.NUMBER;
                }
                if (PdfCharacters.isRegular(c)) {
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
        while ((c = in.peek()) >= 0 && !PdfCharacters.isEndOfName(c)) {
            in.read();
            if (c == '#' && PdfCharacters.isHexDigit(in.peek(0)) && PdfCharacters.isHexDigit(in.peek(1))) {
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
        while ((c = in.peek()) >= 0 && PdfCharacters.isNumberPart(c)) {
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
        while ((c = in.peek()) >= 0 && PdfCharacters.isRegular(c)) {
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
