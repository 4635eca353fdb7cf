package io.github.camelpop3ingest.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decodes RFC 2047 encoded-words anywhere in a string, joining adjacent words before charset decoding. */
final class EncodedWordDecoder {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");

    private EncodedWordDecoder() {}

    /**
     * Decodes every encoded-word; undecodable words stay as written and are reported to {@code problems}.
     * Adjacent words of one charset are decoded together because senders split multi-byte characters across them.
     */
    static String decode(String text, Consumer<String> problems) {
        if (text == null || !text.contains("=?")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        Charset pendingCharset = null;
        Matcher m = ENCODED_WORD.matcher(text);
        int last = 0;
        boolean previousWasWord = false;
        while (m.find()) {
            String gap = text.substring(last, m.start());
            // RFC 2047 6.2: whitespace between two adjacent encoded-words is not displayed.
            boolean joinable = previousWasWord && gap.isBlank();
            Optional<Charset> charset = MimeCharsets.lookup(m.group(1));
            byte[] bytes = charset.isPresent() ? decodeText(m.group(2), m.group(3)) : null;
            if (bytes == null) {
                problems.accept(charset.isPresent()
                        ? "encoded-word '" + m.group() + "' has invalid " + m.group(2).toUpperCase(Locale.ROOT) + " data"
                        : "encoded-word '" + m.group() + "' uses unknown charset '" + m.group(1) + "'");
                pendingCharset = flush(out, pending, pendingCharset);
                out.append(gap).append(m.group());
                previousWasWord = false;
            } else {
                if (!joinable || !charset.get().equals(pendingCharset)) {
                    pendingCharset = flush(out, pending, pendingCharset);
                    if (!joinable) {
                        out.append(gap);
                    }
                }
                pending.writeBytes(bytes);
                pendingCharset = charset.get();
                previousWasWord = true;
            }
            last = m.end();
        }
        flush(out, pending, pendingCharset);
        out.append(text, last, text.length());
        return out.toString();
    }

    private static Charset flush(StringBuilder out, ByteArrayOutputStream pending, Charset charset) {
        if (charset != null && pending.size() > 0) {
            out.append(new String(pending.toByteArray(), charset));
        }
        pending.reset();
        return null;
    }

    private static byte[] decodeText(String encoding, String encoded) {
        if (encoding.equalsIgnoreCase("B")) {
            try {
                return Base64.getMimeDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < encoded.length() && hex(encoded.charAt(i + 1)) >= 0 && hex(encoded.charAt(i + 2)) >= 0) {
                out.write(hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2)));
                i += 2;
            } else if (c == '=') {
                return null;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** ASCII-only hex digit value, or -1; {@link Character#digit} would also accept non-ASCII digits. */
    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
