package io.github.camelpop3ingest.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient parser for Content-Type / Content-Disposition parameters that keeps what real mailers mean.
 *
 * <p>Strict RFC 2045 token parsing loses unquoted values with spaces ({@code filename=Vietnam Airline.pdf}),
 * slashes ({@code filename=attach/01}) or encoded-words ({@code name==?koi8-r?B?...?=}), so an unquoted value runs
 * to the next semicolon. RFC 2231 continuations and charsets and RFC 2047 encoded-words are decoded.
 *
 * <p>When one parameter comes in several forms, one precedence decides, the same for every parameter:
 * {@code p*} (RFC 2231, one extended value) over {@code p} (plain, RFC 2047 encoded-words decoded) over
 * {@code p*0}, {@code p*1}, ... (RFC 2231 continuations); a form that decodes to blanks counts as absent. Senders add
 * {@code p*} because the plain value is lossy; the plain value beats continuations because a continuation is easily
 * broken (a gap, or sections of two different values). Continuations are joined only from {@code *0} up to the first
 * missing section number, with a problem naming the gap. A part's file name is then the Content-Disposition
 * {@code filename}, else the Content-Type {@code name} ({@link #fileName}); so {@code filename*} > {@code filename} >
 * {@code filename*0..n} > {@code name*} > {@code name} > {@code name*0..n}.
 */
final class MimeParameterParser {

    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";
    private static final int MAX_SECTION_DIGITS = 6;
    private static final Pattern SECTION = Pattern.compile("^(.+?)\\*(\\d+)?(\\*)?$");

    private MimeParameterParser() {}

    /** Parses a header body such as {@code attachment; filename*=utf-8''a%20b.pdf}; problems name the header. */
    static HeaderParameters parse(String headerName, String body, Consumer<String> problems) {
        if (body == null) {
            return HeaderParameters.ABSENT;
        }
        int pos = indexOfSemicolon(body, 0);
        String value = body.substring(0, pos).strip();
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, Section> single = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, Section>> continued = new LinkedHashMap<>();
        while (pos < body.length()) {
            pos++; // the ';'
            int eq = body.indexOf('=', pos);
            int semi = indexOfSemicolon(body, pos);
            if (eq < 0 || eq > semi) {
                // "; ;" or a bare word without '=': nothing to keep.
                pos = semi;
                continue;
            }
            String name = body.substring(pos, eq).strip().toLowerCase(Locale.ROOT);
            int valueStart = skipWhitespace(body, eq + 1);
            String raw;
            boolean quoted = valueStart < body.length() && body.charAt(valueStart) == '"';
            if (quoted) {
                int[] end = new int[1];
                raw = readQuoted(body, valueStart, end);
                if (end[0] < 0) {
                    problems.accept(headerName + " parameter " + name + ": quoted value is not terminated");
                    pos = body.length();
                } else {
                    pos = indexOfSemicolon(body, end[0]);
                }
            } else {
                semi = indexOfSemicolon(body, valueStart);
                raw = body.substring(valueStart, semi).strip();
                pos = semi;
                if (!isToken(raw) && !raw.isEmpty()) {
                    problems.accept(headerName + " parameter " + name + ": unquoted value '" + Problems.abbreviate(raw)
                            + "' is not a token");
                }
            }
            if (name.isEmpty()) {
                continue;
            }
            Matcher m = SECTION.matcher(name);
            if (m.matches()) {
                String digits = m.group(2);
                if (digits != null && digits.length() > MAX_SECTION_DIGITS) {
                    problems.accept(headerName + " parameter " + name + ": section number too large; ignored");
                    continue;
                }
                // "name*" is a single encoded value; "name*N*" an encoded section; "name*N" a plain section.
                if (digits == null) {
                    single.putIfAbsent(m.group(1), new Section(raw, true));
                } else {
                    continued.computeIfAbsent(m.group(1), k -> new TreeMap<>())
                            .putIfAbsent(Integer.parseInt(digits), new Section(raw, m.group(3) != null));
                }
            } else {
                plain.putIfAbsent(name, raw);
            }
        }
        // Every form is decoded, so that its problems are reported even where another form wins.
        Map<String, String> plainValues = new LinkedHashMap<>();
        plain.forEach((name, raw) -> plainValues.put(name,
                EncodedWordDecoder.decode(raw, p -> problems.accept(headerName + " parameter " + name + ": " + p))));
        Map<String, String> singleValues = new LinkedHashMap<>();
        single.forEach((name, section) -> singleValues.put(name,
                joinSections(headerName, name, new TreeMap<>(Map.of(0, section)), problems)));
        Map<String, String> continuedValues = new LinkedHashMap<>();
        continued.forEach((name, sections) -> continuedValues.put(name,
                joinSections(headerName, name, contiguousRun(headerName, name, sections, problems), problems)));
        Map<String, String> result = new LinkedHashMap<>();
        // Lowest precedence first, so that each stronger form overwrites: see the class comment.
        for (Map<String, String> values : List.of(continuedValues, plainValues, singleValues)) {
            values.forEach((name, decoded) -> {
                if (!decoded.isBlank()) {
                    result.put(name, decoded);
                }
            });
        }
        return new HeaderParameters(value, Map.copyOf(result));
    }

    /**
     * The name a part's file is known by: the Content-Disposition {@code filename}, else the Content-Type {@code name}
     * (each resolved as the class comment says); null when neither is given.
     */
    static String fileName(HeaderParameters disposition, HeaderParameters type) {
        String filename = disposition.get("filename");
        return filename != null ? filename : type.get("name");
    }

    /**
     * The sections {@code *0}, {@code *1}, ... up to the first missing number; a section after a gap may belong to a
     * different value or be forged, so it is left out rather than joined.
     */
    private static TreeMap<Integer, Section> contiguousRun(String headerName, String name, TreeMap<Integer, Section> sections,
                                                          Consumer<String> problems) {
        TreeMap<Integer, Section> run = new TreeMap<>();
        int next = 0;
        for (Map.Entry<Integer, Section> entry : sections.entrySet()) {
            if (entry.getKey() != next) {
                problems.accept(headerName + " parameter " + name + ": RFC 2231 continuation has a gap (*" + next
                        + " missing before *" + entry.getKey() + "); sections from *" + entry.getKey() + " on ignored");
                break;
            }
            run.put(next++, entry.getValue());
        }
        return run;
    }

    private record Section(String raw, boolean encoded) {}

    private static String joinSections(String headerName, String name, TreeMap<Integer, Section> sections, Consumer<String> problems) {
        Charset charset = null;
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        boolean first = true;
        for (Section section : sections.values()) {
            String raw = section.raw();
            if (!section.encoded()) {
                flush(out, pending, charset, headerName, name, problems);
                out.append(raw);
                first = false;
                continue;
            }
            if (first) {
                int a = raw.indexOf('\'');
                int b = a < 0 ? -1 : raw.indexOf('\'', a + 1);
                if (b >= 0) {
                    String label = raw.substring(0, a);
                    Optional<Charset> found = MimeCharsets.lookup(label);
                    if (found.isEmpty() && !label.isBlank()) {
                        problems.accept(headerName + " parameter " + name + ": unknown charset '" + label + "'");
                    }
                    charset = found.orElse(null);
                    raw = raw.substring(b + 1);
                } else {
                    problems.accept(headerName + " parameter " + name + "*: missing charset'language' prefix");
                }
                first = false;
            }
            percentDecode(raw, pending);
        }
        flush(out, pending, charset, headerName, name, problems);
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, Charset charset, String headerName, String name,
                              Consumer<String> problems) {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        pending.reset();
        if (charset != null) {
            out.append(new String(bytes, charset));
            return;
        }
        // No usable charset: the same UTF-8-else-windows-1252 guess as for raw header bytes.
        HeaderBytes.Decoded decoded = HeaderBytes.decode(bytes);
        if (decoded.fallback()) {
            problems.accept(headerName + " parameter " + name + ": decoded as windows-1252 without a declared charset");
        } else if (decoded.cut()) {
            problems.accept(headerName + " parameter " + name
                    + ": a UTF-8 character is cut short; decoded as UTF-8 with U+FFFD for it");
        }
        out.append(decoded.text());
    }

    private static void percentDecode(String raw, ByteArrayOutputStream out) {
        byte[] utf8 = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            byte c = utf8[i];
            if (c == '%' && i + 2 < utf8.length
                    && EncodedWordDecoder.hex((char) utf8[i + 1]) >= 0 && EncodedWordDecoder.hex((char) utf8[i + 2]) >= 0) {
                out.write(EncodedWordDecoder.hex((char) utf8[i + 1]) * 16 + EncodedWordDecoder.hex((char) utf8[i + 2]));
                i += 2;
            } else {
                out.write(c);
            }
        }
    }

    /**
     * Reads a quoted-string starting at {@code start} (the opening quote). A backslash only escapes '"' and '\'
     * because Windows mailers send unescaped paths such as {@code "C:\dir\a.txt"}. {@code end[0]} is set to the
     * index after the closing quote, or -1 when the string is not terminated.
     */
    private static String readQuoted(String body, int start, int[] end) {
        StringBuilder out = new StringBuilder();
        for (int i = start + 1; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && (body.charAt(i + 1) == '"' || body.charAt(i + 1) == '\\')) {
                out.append(body.charAt(++i));
            } else if (c == '"') {
                end[0] = i + 1;
                return out.toString();
            } else {
                out.append(c);
            }
        }
        end[0] = -1;
        return out.toString();
    }

    /** Index of the next ';' that is not inside a quoted-string, or the length. */
    private static int indexOfSemicolon(String body, int from) {
        boolean inQuotes = false;
        for (int i = from; i < body.length(); i++) {
            char c = body.charAt(i);
            if (inQuotes && c == '\\' && i + 1 < body.length()) {
                i++;
            } else if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == ';' && !inQuotes) {
                return i;
            }
        }
        return body.length();
    }

    private static int skipWhitespace(String body, int from) {
        int i = from;
        while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isToken(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= ' ' || c >= 0x7f || TSPECIALS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
