package io.github.camelpop3ingest.mime;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses an RFC 5322 Date header leniently (comments, missing weekday or seconds, obsolete zones, 2-digit years). */
final class DateHeaderParser {

    private static final Pattern DATE = Pattern.compile(
            "^(?:[A-Za-z]{2,9}\\.?\\s*,?\\s*)?(\\d{1,2})[\\s-]+([A-Za-z]{3,9})\\.?[\\s-]+(\\d{2,4})\\s+"
                    + "(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}))?(?:\\.\\d+)?\\s*([+-]\\d{4}|[A-Za-z]{1,5})?(?:\\s+.*)?$");

    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    /** RFC 5322 4.3 obsolete zone names. */
    private static final Map<String, Integer> ZONES = Map.ofEntries(
            Map.entry("UT", 0), Map.entry("UTC", 0), Map.entry("GMT", 0), Map.entry("Z", 0),
            Map.entry("EST", -5), Map.entry("EDT", -4), Map.entry("CST", -6), Map.entry("CDT", -5),
            Map.entry("MST", -7), Map.entry("MDT", -6), Map.entry("PST", -8), Map.entry("PDT", -7));

    private DateHeaderParser() {}

    /** The parsed date, or empty when the value cannot be read as a date with a time zone. */
    static Optional<OffsetDateTime> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = stripComments(value).strip().replaceAll("\\s+", " ");
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            return parseIso(text);
        }
        int month = MONTHS.indexOf(m.group(2).substring(0, 3).toLowerCase(Locale.ROOT));
        Optional<ZoneOffset> zone = zone(m.group(7));
        if (month < 0 || zone.isEmpty()) {
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
            year += year < 50 ? 2000 : 1900;
        } else if (m.group(3).length() == 3) {
            year += 1900;
        }
        // A leap second cannot be represented; one second early is closer than rejecting the date.
        int second = m.group(6) == null ? 0 : Math.min(59, Integer.parseInt(m.group(6)));
        try {
            LocalDateTime local = LocalDateTime.of(year, month + 1, Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), second);
            return Optional.of(OffsetDateTime.of(local, zone.get()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<ZoneOffset> zone(String zone) {
        if (zone == null) {
            return Optional.empty();
        }
        if (zone.charAt(0) == '+' || zone.charAt(0) == '-') {
            int hours = Integer.parseInt(zone.substring(1, 3));
            int minutes = Integer.parseInt(zone.substring(3, 5));
            if (hours > 18 || minutes > 59) {
                return Optional.empty();
            }
            int sign = zone.charAt(0) == '-' ? -1 : 1;
            return Optional.of(ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes));
        }
        String upper = zone.toUpperCase(Locale.ROOT);
        if (ZONES.containsKey(upper)) {
            return Optional.of(ZoneOffset.ofHours(ZONES.get(upper)));
        }
        // RFC 5322 4.3: military zones were used inconsistently and "SHOULD all be considered equivalent to -0000".
        return upper.length() == 1 && upper.charAt(0) != 'J' ? Optional.of(ZoneOffset.UTC) : Optional.empty();
    }

    private static Optional<OffsetDateTime> parseIso(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String stripComments(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int depth = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && depth > 0) {
                i++;
            } else if (c == '(') {
                depth++;
                out.append(' ');
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
