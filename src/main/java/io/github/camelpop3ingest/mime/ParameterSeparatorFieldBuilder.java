package io.github.camelpop3ingest.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.DefaultFieldBuilder;
import org.apache.james.mime4j.stream.FieldBuilder;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.apache.james.mime4j.util.RecycledByteArrayBuffer;

/**
 * A mime4j field builder that puts back the ';' a sender left out before a Content-Type or Content-Disposition
 * parameter, as in {@code Content-Type: multipart/mixed} folded onto {@code boundary="b1"}, reporting each to
 * {@code problems}.
 *
 * <p>mime4j reads the whole rest of such a field as the media type, finds no valid type and no boundary, and the
 * message is not split. A parameter counts as missing its ';' when a {@code token=} follows the type, or a quoted
 * value, after blanks or a folded line, or follows an unquoted value after a folded line: an unquoted value runs to the
 * next ';' on its line ({@code filename=Vietnam Airline.pdf}), see {@link MimeParameterParser}.
 */
final class ParameterSeparatorFieldBuilder implements FieldBuilder {

    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private final FieldBuilder delegate;
    private final Consumer<String> problems;

    ParameterSeparatorFieldBuilder(int maxHeaderLength, Consumer<String> problems) {
        this.delegate = new DefaultFieldBuilder(maxHeaderLength);
        this.problems = problems;
    }

    @Override
    public void reset() {
        delegate.reset();
    }

    @Override
    public void append(ByteArrayBuffer line) throws MimeException {
        delegate.append(line);
    }

    @Override
    public RawField build() throws MimeException {
        RawField field = delegate.build();
        String name = field.getNameLowerCase();
        if (field.getRaw() == null || !(name.equals("content-type") || name.equals("content-disposition"))) {
            return field;
        }
        byte[] raw = field.getRaw().toByteArray();
        List<Integer> missing = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        findMissingSeparators(raw, field.getDelimiterIdx() + 1, missing, parameters);
        if (missing.isEmpty()) {
            return field;
        }
        ByteArrayOutputStream repaired = new ByteArrayOutputStream(raw.length + missing.size());
        int from = 0;
        for (int at : missing) {
            repaired.write(raw, from, at - from);
            repaired.write(';');
            from = at;
        }
        repaired.write(raw, from, raw.length - from);
        String header = name.equals("content-type") ? "Content-Type" : "Content-Disposition";
        for (String parameter : parameters) {
            problems.accept(header + " parameter " + parameter + ": the ';' before it is missing; read as a parameter");
        }
        return RawFieldParser.DEFAULT.parseField(new ByteArrayBuffer(repaired.toByteArray(), true));
    }

    /** The field's lines as read, not repaired: mime4j puts them back into the stream when a field is malformed. */
    @Override
    public RecycledByteArrayBuffer getRaw() {
        return delegate.getRaw();
    }

    @Override
    public void release() {
        delegate.release();
    }

    /**
     * Collects the offsets where a ';' is missing, each the end of the value before the parameter, and the
     * parameters' names. Stops at anything it does not understand, leaving the rest as it is.
     */
    private static void findMissingSeparators(byte[] raw, int start, List<Integer> missing, List<String> parameters) {
        int i = skipBlanks(raw, start);
        while (i < raw.length && raw[i] != ';' && !isBlank(raw[i])) {
            i++;
        }
        boolean unquoted = false;
        while (i < raw.length) {
            int next = skipBlanks(raw, i);
            if (next == raw.length) {
                return;
            }
            if (raw[next] != ';') {
                int nameEnd = parameterNameEnd(raw, next);
                boolean folded = containsLineBreak(raw, i, next);
                if (nameEnd < 0 || next == i || (unquoted && !folded)) {
                    return;
                }
                missing.add(i);
                parameters.add(new String(raw, next, nameEnd - next, StandardCharsets.US_ASCII).strip());
            }
            int value = raw[next] == ';' ? next + 1 : next;
            int eq = indexOf(raw, (byte) '=', value);
            int semicolon = indexOf(raw, (byte) ';', value);
            if (eq < 0 || (semicolon >= 0 && semicolon < eq)) {
                // A bare word or "; ;": nothing to read as a parameter.
                i = semicolon < 0 ? raw.length : semicolon;
                unquoted = true;
                continue;
            }
            int v = skipBlanks(raw, eq + 1);
            if (v < raw.length && raw[v] == '"') {
                i = quotedEnd(raw, v);
                if (i < 0) {
                    return;
                }
                unquoted = false;
            } else {
                i = unquotedEnd(raw, v);
                unquoted = true;
            }
        }
    }

    /** The index after a run of token characters at {@code from} followed by blanks and '=', or -1. */
    private static int parameterNameEnd(byte[] raw, int from) {
        int i = from;
        while (i < raw.length && isTokenChar(raw[i])) {
            i++;
        }
        if (i == from) {
            return -1;
        }
        int end = i;
        while (i < raw.length && (raw[i] == ' ' || raw[i] == '\t')) {
            i++;
        }
        return i < raw.length && raw[i] == '=' ? end : -1;
    }

    /** The index after the closing quote of the quoted-string at {@code from}, or -1 when it is not closed. */
    private static int quotedEnd(byte[] raw, int from) {
        for (int i = from + 1; i < raw.length; i++) {
            if (raw[i] == '\\') {
                i++;
            } else if (raw[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The end of an unquoted value: the next ';', the line break of a fold, or the end, blanks before it excluded. */
    private static int unquotedEnd(byte[] raw, int from) {
        int i = from;
        while (i < raw.length && raw[i] != ';' && raw[i] != '\r' && raw[i] != '\n') {
            i++;
        }
        while (i > from && (raw[i - 1] == ' ' || raw[i - 1] == '\t')) {
            i--;
        }
        return i;
    }

    private static int skipBlanks(byte[] raw, int from) {
        int i = from;
        while (i < raw.length && isBlank(raw[i])) {
            i++;
        }
        return i;
    }

    private static boolean containsLineBreak(byte[] raw, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == '\r' || raw[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] raw, byte b, int from) {
        boolean quoted = false;
        for (int i = from; i < raw.length; i++) {
            if (quoted && raw[i] == '\\') {
                i++;
            } else if (raw[i] == '"') {
                quoted = !quoted;
            } else if (raw[i] == b && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean isTokenChar(byte b) {
        return b > ' ' && b < 0x7f && TSPECIALS.indexOf(b) < 0;
    }
}
