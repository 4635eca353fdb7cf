package io.github.camelpop3ingest.mime;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** Turns a decoded attachment name into a single safe file name component that cannot leave its folder. */
public final class FileNameSanitizer {

    /** Longest name in UTF-8 bytes; below the 255-byte limit of common file systems, with room for a counter. */
    public static final int MAX_BYTES = 200;

    /** An extension longer than this is treated as part of the name when truncating. */
    private static final int MAX_EXTENSION_BYTES = 20;

    private static final String WINDOWS_ILLEGAL = "<>:\"|?*";

    private static final Set<String> WINDOWS_DEVICES = Set.of(
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private FileNameSanitizer() {}

    /**
     * Returns a safe name for {@code decodedName}, or the sanitized {@code fallback} when nothing usable remains.
     * Separators, control, bidi-override and Windows-illegal characters become '_', so the name keeps its
     * information but stays one path component on every platform.
     */
    public static String sanitize(String decodedName, String fallback) {
        String safe = clean(decodedName);
        if (!safe.isEmpty()) {
            return safe;
        }
        String safeFallback = clean(fallback);
        return safeFallback.isEmpty() ? "part" : safeFallback;
    }

    /**
     * Inserts {@code -counter} before the extension of an already sanitized name ({@code blob.png} to
     * {@code blob-2.png}), truncating the base so the result still fits {@link #MAX_BYTES}.
     */
    public static String withCounter(String safeName, int counter) {
        String suffix = "-" + counter;
        int dot = extensionIndex(safeName);
        String base = dot < 0 ? safeName : safeName.substring(0, dot);
        String ext = dot < 0 ? "" : safeName.substring(dot);
        int room = MAX_BYTES - utf8Length(ext) - suffix.length();
        return truncateUtf8(base, room) + suffix + ext;
    }

    private static String clean(String name) {
        if (name == null) {
            return "";
        }
        String nfc = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            out.appendCodePoint(isUnsafe(cp) ? '_' : cp);
        }
        String s = trimEnd(out.toString().strip());
        // A leading dot would hide the file and turns "." and ".." into directory references.
        int dots = 0;
        while (dots < s.length() && s.charAt(dots) == '.') {
            dots++;
        }
        if (dots > 0) {
            s = "_".repeat(dots) + s.substring(dots);
        }
        if (isWindowsDevice(s)) {
            s = "_" + s;
        }
        s = capLength(s);
        return trimEnd(s);
    }

    private static boolean isUnsafe(int cp) {
        return cp == '/' || cp == '\\'
                || Character.isISOControl(cp)
                || WINDOWS_ILLEGAL.indexOf(cp) >= 0
                // Bidi embeddings/overrides/isolates let "gpj.exe" display as "exe.jpg".
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
                // Lone surrogates cannot be encoded as a file name.
                || Character.getType(cp) == Character.SURROGATE;
    }

    /** Windows silently drops trailing dots and spaces, which would make two names collide or change type. */
    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean isWindowsDevice(String s) {
        int dot = s.indexOf('.');
        String base = (dot < 0 ? s : s.substring(0, dot)).stripTrailing().toUpperCase(Locale.ROOT);
        return WINDOWS_DEVICES.contains(base);
    }

    private static String capLength(String s) {
        if (utf8Length(s) <= MAX_BYTES) {
            return s;
        }
        int dot = extensionIndex(s);
        String ext = dot < 0 ? "" : s.substring(dot);
        if (utf8Length(ext) > MAX_EXTENSION_BYTES) {
            ext = "";
            dot = -1;
        }
        String base = dot < 0 ? s : s.substring(0, dot);
        return truncateUtf8(base, MAX_BYTES - utf8Length(ext)) + ext;
    }

    private static int extensionIndex(String s) {
        int dot = s.lastIndexOf('.');
        return dot <= 0 || dot == s.length() - 1 ? -1 : dot;
    }

    private static String truncateUtf8(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = utf8Length(new String(Character.toChars(cp)));
            if (bytes + len > maxBytes) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
