package io.github.camelpop3ingest.mime;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Resolves MIME charset labels, including aliases the JDK does not know, to Java charsets. */
final class MimeCharsets {

    /** Labels seen in real mail that Java rejects or maps badly; the targets are what mail clients use in practice. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            // RFC 1556 "-i"/"-e" only mark logical/explicit bidi order; the bytes are plain ISO-8859-8/-6.
            Map.entry("iso-8859-8-i", "ISO-8859-8"),
            Map.entry("iso-8859-8-e", "ISO-8859-8"),
            Map.entry("iso-8859-6-i", "ISO-8859-6"),
            Map.entry("iso-8859-6-e", "ISO-8859-6"),
            Map.entry("utf8", "UTF-8"),
            Map.entry("ks_c_5601-1987", "x-windows-949"),
            // Senders labelling GBK text as GB2312 is the rule, not the exception; GBK is a superset.
            Map.entry("gb2312", "GBK"),
            Map.entry("x-gbk", "GBK"),
            Map.entry("latin-1", "ISO-8859-1"),
            Map.entry("ansi_x3.4-1968", "US-ASCII"));

    private MimeCharsets() {}

    /** Looks up a charset label, ignoring quotes, case and an RFC 2231 language suffix ({@code utf-8*en}). */
    static Optional<Charset> lookup(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String name = label.strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).strip();
        }
        int star = name.indexOf('*');
        if (star >= 0) {
            name = name.substring(0, star);
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String javaName = ALIASES.getOrDefault(name, name);
        try {
            return Optional.of(Charset.forName(javaName));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }
}
