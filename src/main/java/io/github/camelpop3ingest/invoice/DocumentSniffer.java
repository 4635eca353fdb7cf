package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Decides a document's {@link DocumentKind} from its first bytes, falling back to name and type only without them. */
public final class DocumentSniffer {

    /** How many leading bytes {@link #sniff} looks at; callers need not pass more. */
    public static final int HEAD_BYTES = 1024;

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private DocumentSniffer() {}

    /**
     * Decides what a document is: content decides over file name and content type, which count only when the head is
     * empty or blank, because mail clients send PDFs as {@code application/octet-stream} named {@code .bin}.
     *
     * @param head the document's first bytes ({@link #HEAD_BYTES} are enough), may be {@code null}
     * @param filename the attachment's file name, may be {@code null}
     * @param contentType the attachment's MIME type, may be {@code null}
     */
    public static DocumentKind sniff(byte[] head, String filename, String contentType) {
        byte[] bytes = head == null ? new byte[0] : head;
        int length = Math.min(bytes.length, HEAD_BYTES);
        if (startsWith(bytes, length, 0, PDF_MAGIC)) {
            return DocumentKind.PDF;
        }
        if (isZipMagic(bytes, length)) {
            return DocumentKind.ZIP;
        }
        Boolean xml = xmlByContent(bytes, length);
        if (xml != null) {
            if (xml) {
                return DocumentKind.XML;
            }
            // Acrobat accepts a PDF header anywhere in the first kilobyte, after mail gateway or printer junk.
            return indexOf(bytes, length, PDF_MAGIC) >= 0 ? DocumentKind.PDF : DocumentKind.OTHER;
        }
        return byNameOrType(filename, contentType);
    }

    private static boolean isZipMagic(byte[] bytes, int length) {
        // PK\3\4 opens a local file header; PK\5\6 is the end record an empty archive consists of.
        return length >= 4 && bytes[0] == 'P' && bytes[1] == 'K'
                && ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6));
    }

    /** True or false when the content decides, {@code null} when the head is empty or blank. */
    private static Boolean xmlByContent(byte[] bytes, int length) {
        if (length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            return firstUtf16Char(bytes, length, 2, true);
        }
        if (length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return firstUtf16Char(bytes, length, 2, false);
        }
        // UTF-16 without a byte order mark, as XML 1.0 appendix F detects it: '<' as 00 3C or 3C 00.
        if (length >= 2 && bytes[0] == 0 && bytes[1] == '<') {
            return true;
        }
        if (length >= 2 && bytes[0] == '<' && bytes[1] == 0) {
            return true;
        }
        int start = length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i < length; i++) {
            if (!isXmlWhitespace(bytes[i])) {
                return bytes[i] == '<';
            }
        }
        return null;
    }

    private static Boolean firstUtf16Char(byte[] bytes, int length, int start, boolean bigEndian) {
        for (int i = start; i + 1 < length; i += 2) {
            int c = bigEndian ? (bytes[i] & 0xFF) << 8 | (bytes[i + 1] & 0xFF)
                    : (bytes[i + 1] & 0xFF) << 8 | (bytes[i] & 0xFF);
            if (c >= 0x80 || !isXmlWhitespace((byte) c)) {
                return c == '<';
            }
        }
        return null;
    }

    private static boolean isXmlWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static DocumentKind byNameOrType(String filename, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon);
        }
        type = type.strip();
        String name = filename == null ? "" : filename.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pdf") || type.equals("application/pdf")) {
            return DocumentKind.PDF;
        }
        if (name.endsWith(".zip") || type.equals("application/zip") || type.equals("application/x-zip-compressed")) {
            return DocumentKind.ZIP;
        }
        if (name.endsWith(".xml") || type.endsWith("/xml") || type.endsWith("+xml")) {
            return DocumentKind.XML;
        }
        return DocumentKind.OTHER;
    }

    private static boolean startsWith(byte[] bytes, int length, int offset, byte[] prefix) {
        if (offset + prefix.length > length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int length, byte[] needle) {
        for (int i = 0; i + needle.length <= length; i++) {
            if (startsWith(bytes, length, i, needle)) {
                return i;
            }
        }
        return -1;
    }
}
