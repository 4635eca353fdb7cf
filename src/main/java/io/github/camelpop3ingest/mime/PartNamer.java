package io.github.camelpop3ingest.mime;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Chooses the unique, sanitized file name of each part inside one message's {@code parts/} folder. */
final class PartNamer {

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("text/plain", "txt"),
            Map.entry("text/html", "html"),
            Map.entry("text/calendar", "ics"),
            Map.entry("text/csv", "csv"),
            Map.entry("text/xml", "xml"),
            Map.entry("text/rtf", "rtf"),
            Map.entry("text/enriched", "txt"),
            Map.entry("application/xml", "xml"),
            Map.entry("application/pdf", "pdf"),
            Map.entry("application/json", "json"),
            Map.entry("application/zip", "zip"),
            Map.entry("application/ics", "ics"),
            Map.entry("application/pkcs7-signature", "p7s"),
            Map.entry("application/x-pkcs7-signature", "p7s"),
            Map.entry("application/pkcs7-mime", "p7m"),
            Map.entry("application/x-pkcs7-mime", "p7m"),
            Map.entry("application/ms-tnef", "dat"),
            Map.entry("message/rfc822", "eml"),
            Map.entry("message/delivery-status", "txt"),
            Map.entry("image/png", "png"),
            Map.entry("image/jpeg", "jpg"),
            Map.entry("image/gif", "gif"),
            Map.entry("image/webp", "webp"),
            Map.entry("image/svg+xml", "svg"));

    /** Lower-cased names already handed out: case-insensitive file systems would otherwise merge two parts. */
    private final Set<String> used = new HashSet<>();

    /** The generated name of an unnamed part, from its section number and content type: {@code part-3.txt}. */
    static String generatedName(String section, String contentType) {
        return "part-" + section + "." + EXTENSIONS.getOrDefault(contentType, "bin");
    }

    /** Returns a sanitized name not handed out before, adding a counter before the extension on collision. */
    String assign(String decodedName, String section, String contentType) {
        String safe = FileNameSanitizer.sanitize(decodedName, generatedName(section, contentType));
        String candidate = safe;
        for (int counter = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); counter++) {
            candidate = FileNameSanitizer.withCounter(safe, counter);
        }
        return candidate;
    }
}
