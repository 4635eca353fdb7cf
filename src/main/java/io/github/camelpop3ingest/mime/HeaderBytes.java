package io.github.camelpop3ingest.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the raw bytes of a header field into text: UTF-8 when valid (RFC 6532), also when one character is cut short
 * (U+FFFD in its place), else windows-1252.
 */
final class HeaderBytes {

    static final Charset FALLBACK = Charset.forName("windows-1252");

    private HeaderBytes() {}

    /**
     * The decoded text, whether it had raw 8-bit bytes, whether the windows-1252 fallback was used, and whether a
     * UTF-8 character cut short was replaced by U+FFFD.
     */
    record Decoded(String text, boolean eightBit, boolean fallback, boolean cut) {}

    static Decoded decode(byte[] raw) {
        boolean ascii = true;
        for (byte b : raw) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new Decoded(new String(raw, StandardCharsets.US_ASCII), false, false, false);
        }
        try {
            String utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
            return new Decoded(utf8, true, false, false);
        } catch (CharacterCodingException e) {
            if (isUtf8WithOneCut(raw)) {
                // Mailers that truncate a name or subject to a byte count cut its last character in half; the rest is
                // still UTF-8, and reading all of it as windows-1252 would garble every other character.
                return new Decoded(new String(raw, StandardCharsets.UTF_8), true, false, true);
            }
            // Legacy mailers put their local code page into headers unencoded; windows-1252 maps every byte.
            return new Decoded(new String(raw, FALLBACK), true, true, false);
        }
    }

    /**
     * Whether {@code raw} is valid UTF-8 except for exactly one sequence that lacks its last byte(s) and is followed by
     * the end or by an ASCII byte. A lone lead byte counts only when the rest holds a complete multi-byte character:
     * a single windows-1252 letter such as the 'é' (0xE9) of "café" looks exactly like a cut lead byte.
     */
    static boolean isUtf8WithOneCut(byte[] raw) {
        int cuts = 0;
        boolean evidence = false;
        int i = 0;
        while (i < raw.length) {
            int lead = raw[i] & 0xff;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
            if (length == 0) {
                return false;
            }
            int present = 1;
            while (present < length && i + present < raw.length && isContinuation(lead, present, raw[i + present] & 0xff)) {
                present++;
            }
            if (present == length) {
                evidence = true;
            } else {
                int next = i + present;
                if (next < raw.length && raw[next] < 0) {
                    return false;
                }
                cuts++;
                evidence |= present > 1;
            }
            i += present;
        }
        return cuts == 1 && evidence;
    }

    /** Whether {@code b} may be byte {@code index} (1-based after the lead) of a sequence; RFC 3629 table 4. */
    private static boolean isContinuation(int lead, int index, int b) {
        if (index == 1) {
            int low = lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
            int high = lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
            return b >= low && b <= high;
        }
        return b >= 0x80 && b <= 0xbf;
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
