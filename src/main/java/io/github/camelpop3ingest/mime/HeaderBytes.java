package io.github.camelpop3ingest.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns the raw bytes of a header field into text: UTF-8 when valid (RFC 6532), else windows-1252. */
final class HeaderBytes {

    static final Charset FALLBACK = Charset.forName("windows-1252");

    private HeaderBytes() {}

    /** The decoded text, whether it had raw 8-bit bytes, and whether the windows-1252 fallback was used. */
    record Decoded(String text, boolean eightBit, boolean fallback) {}

    static Decoded decode(byte[] raw) {
        boolean ascii = true;
        for (byte b : raw) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new Decoded(new String(raw, StandardCharsets.US_ASCII), false, false);
        }
        try {
            String utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
            return new Decoded(utf8, true, false);
        } catch (CharacterCodingException e) {
            // Legacy mailers put their local code page into headers unencoded; windows-1252 maps every byte.
            return new Decoded(new String(raw, FALLBACK), true, true);
        }
    }

    /** Removes the line breaks of folded header lines, keeping the whitespace after them (RFC 5322 3.2.2). */
    static String unfold(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }
}
