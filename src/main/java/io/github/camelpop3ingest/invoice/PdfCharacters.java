package io.github.camelpop3ingest.invoice;

/** The classes of PDF characters, as pdfbox's parser tells them apart. */
final class PdfCharacters {

    static final byte REGULAR = 0;
    static final byte WHITESPACE = 1;
    static final byte DELIMITER = 2;
    private static final byte[] CHARACTER_KINDS = new byte[256];

    static {
        for (char c : new char[] {' ', '\n', '\r', '\t', '\f', 0}) {
            CHARACTER_KINDS[c] = WHITESPACE;
        }
        for (char c : "()<>[]{}/%".toCharArray()) {
            CHARACTER_KINDS[c] = DELIMITER;
        }
    }

    private PdfCharacters() {}

    /** Whether the byte is {@link #REGULAR}, {@link #WHITESPACE} or a {@link #DELIMITER}. */
    static byte kind(int c) {
        return CHARACTER_KINDS[c];
    }

    static boolean isWhitespace(int c) {
        return c >= 0 && CHARACTER_KINDS[c] == WHITESPACE;
    }

    static boolean isRegular(int c) {
        return c >= 0 && CHARACTER_KINDS[c] == REGULAR;
    }

    /** pdfbox ends a name at these, not at braces. */
    static boolean isEndOfName(int c) {
        return isWhitespace(c) || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '/'
                || c == '%';
    }

    static boolean isNumberStart(int c) {
        return c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.';
    }

    /** pdfbox reads a number as long as these follow, so "2e7" and "20000000abc" are numbers to it. */
    static boolean isNumberPart(int c) {
        return isNumberStart(c) || c == 'e' || c == 'E';
    }

    static boolean isNumber(String text) {
        if (text.isEmpty() || !isNumberStart(text.charAt(0))) {
            return false;
        }
        return text.chars().allMatch(PdfCharacters::isNumberPart);
    }

    static boolean isHexDigit(int c) {
        return c >= 0 && c < 128 && Character.digit(c, 16) >= 0;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
