package io.github.camelpop3ingest.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.MimeIOException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.FieldBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives mime4j's stream events for one message (or one embedded message) and turns every leaf into an
 * {@link EnvelopePart}, writing its decoded body to a part file or, for embedded messages, only measuring it.
 */
final class SplitHandler implements ContentHandler {

    /** Deeper embedded messages are archived but not described, so a hostile message cannot exhaust the stack. */
    static final int MAX_NESTING = 10;

    private static final Logger LOG = LoggerFactory.getLogger(SplitHandler.class);

    private static final Set<String> PART_HEADERS = Set.of("content-type", "content-disposition", "content-id");
    private static final Set<String> ENVELOPE_HEADERS =
            Set.of("message-id", "from", "to", "cc", "reply-to", "subject", "date");

    private final PartFiles files;
    private final Problems problems;
    private final String sectionPrefix;
    private final int depth;
    private final MimeConfig config;
    private final int maxEntityDepth;
    /** Entities that enclose this handler's root: those of the messages this embedded message is a part of. */
    private final int enclosingDepth;
    private MimeStreamParser parser;
    /** Only the header block is described (its body is cut off): a message archived without being split. */
    private boolean headersOnly;
    private final Deque<Entity> stack = new ArrayDeque<>();
    private final List<EnvelopePart> parts = new ArrayList<>();
    private final Map<String, List<String>> envelopeHeaders = new LinkedHashMap<>();

    /**
     * {@code files} is null when parts are only described (inside an embedded message); {@code maxEntityDepth} bounds
     * how deep body parts nest, counted over the whole message, embedded messages included.
     */
    SplitHandler(PartFiles files, Problems problems, String sectionPrefix, int depth, MimeConfig config,
            int maxEntityDepth, int enclosingDepth) {
        this.files = files;
        this.problems = problems;
        this.sectionPrefix = sectionPrefix;
        this.depth = depth;
        this.config = config;
        this.maxEntityDepth = maxEntityDepth;
        this.enclosingDepth = enclosingDepth;
    }

    /** One header block being parsed: a message or body part. */
    private static final class Entity {
        final String section;
        final boolean root;
        final Map<String, String> headers = new HashMap<>();
        int children;
        String boundary;
        /** Past the nesting limit: a multipart body is not parsed but kept as one part. */
        boolean flat;

        Entity(String section, boolean root) {
            this.section = section;
            this.root = root;
        }
    }

    /**
     * Parses {@code in} to its end as far as the MIME structure allows; malformed input becomes problems, only I/O
     * failures of the part files are thrown.
     */
    void parse(InputStream in) throws IOException {
        DecodeMonitor monitor = new ProblemMonitor(this::location, problems);
        FieldBuilder fields =
                new ParameterSeparatorFieldBuilder(config.getMaxHeaderLen(), p -> problems.add(location() + ": " + p));
        parser = new MimeStreamParser(new MimeTokenStream(config, monitor, fields, null));
        // Bodies arrive raw so that decoding problems can be attributed to their part, and embedded messages
        // arrive as one body so their exact bytes can be archived.
        parser.setContentDecoding(false);
        if (headersOnly) {
            // The body was cut off; a multipart's missing parts are no problem of the message.
            parser.setFlat();
        } else {
            parser.setNoRecurse();
        }
        parser.setContentHandler(this);
        try {
            parser.parse(in);
        } catch (MimeException e) {
            problems.add(location() + ": MIME parsing stopped early: " + e.getMessage());
        } catch (MimeIOException e) {
            problems.add(location() + ": MIME parsing stopped early: " + e.getCause().getMessage());
        } catch (RuntimeException e) {
            // mime4j is not expected to throw on bad input, but the contract is to never fail on malformed MIME.
            LOG.warn("mime4j failed at {}; recording it as a problem and keeping what was split so far", location(), e);
            problems.add(location() + ": MIME parser failed: " + e);
        }
    }

    List<EnvelopePart> parts() {
        return parts;
    }

    /** Envelope header values of the root entity by lower-case name, in message order. */
    Map<String, List<String>> envelopeHeaders() {
        return envelopeHeaders;
    }

    private String location() {
        Entity entity = stack.peek();
        String section = entity == null ? sectionPrefix : entity.section;
        return section.isEmpty() ? "message" : "part " + section;
    }

    private static String join(String prefix, int n) {
        return prefix.isEmpty() ? Integer.toString(n) : prefix + "." + n;
    }

    @Override
    public void startMessage() {
        if (stack.isEmpty()) {
            stack.push(new Entity(sectionPrefix, true));
        }
    }

    @Override
    public void endMessage() {
        stack.poll();
    }

    @Override
    public void startBodyPart() {
        Entity parent = stack.peek();
        parent.children++;
        Entity part = new Entity(join(parent.section, parent.children), false);
        stack.push(part);
        // Every level of nesting stacks one more boundary stream under each read, so tens of thousands of levels
        // (a 2 MB message) overflow the thread's stack. Below the limit, a body part's multipart body is kept whole
        // as one part: the parser's mode applies to the entity being started and to those it starts.
        if (enclosingDepth + stack.size() > maxEntityDepth) {
            if (!part.flat) {
                part.flat = true;
                parser.setFlat();
            }
        } else {
            parser.setNoRecurse();
        }
    }

    @Override
    public void endBodyPart() {
        stack.poll();
    }

    @Override
    public void startHeader() {
        // Headers are collected per field.
    }

    @Override
    public void field(Field field) {
        Entity entity = stack.peek();
        HeaderBytes.Decoded decoded = HeaderBytes.decode(field.getRaw().toByteArray());
        String text = HeaderBytes.unfold(decoded.text());
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).strip();
        String value = colon < 0 ? "" : text.substring(colon + 1).strip();
        if (decoded.fallback()) {
            problems.add(location() + ": header '" + Problems.abbreviate(name)
                    + "' has raw 8-bit bytes that are not UTF-8; decoded as windows-1252");
        } else if (decoded.cut()) {
            problems.add(location() + ": header '" + Problems.abbreviate(name)
                    + "' has raw 8-bit bytes with a UTF-8 character cut short; decoded as UTF-8 with U+FFFD for it");
        } else if (decoded.eightBit()) {
            // Legal only for SMTPUTF8 mail (RFC 6532); worth noting because a POP3 mailbox rarely is one.
            problems.add(location() + ": header '" + Problems.abbreviate(name) + "' has raw 8-bit bytes; decoded as UTF-8");
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (PART_HEADERS.contains(key)) {
            entity.headers.putIfAbsent(key, value);
        }
        if (entity.root && depth == 0 && ENVELOPE_HEADERS.contains(key)) {
            envelopeHeaders.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    @Override
    public void endHeader() {
        // Nothing to do before the body.
    }

    /** Describes the header block only: no part for the (cut off) body. */
    void headersOnly() {
        this.headersOnly = true;
    }

    @Override
    public void preamble(InputStream is) throws IOException {
        is.transferTo(OutputStream.nullOutputStream());
    }

    @Override
    public void epilogue(InputStream is) throws IOException {
        // Text after the close-delimiter is invisible to every mail client; when it is not just whitespace,
        // it is usually a part lost to a broken boundary (e.g. a nested multipart re-using its parent's).
        long visible = 0;
        byte[] buffer = new byte[8192];
        for (int n; (n = is.read(buffer)) >= 0; ) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] != ' ' && buffer[i] != '\t' && buffer[i] != '\r' && buffer[i] != '\n') {
                    visible++;
                }
            }
        }
        if (visible > 0) {
            problems.add(location() + ": " + visible + " non-blank bytes after the closing boundary were ignored");
        }
    }

    @Override
    public void startMultipart(BodyDescriptor bd) {
        Entity entity = stack.peek();
        // Parsed only to report syntax problems (e.g. an unquoted boundary with '='); mime4j found the boundary.
        MimeParameterParser.parse("Content-Type", entity.headers.get("content-type"), p -> problems.add(location() + ": " + p));
        String boundary = bd.getBoundary();
        entity.boundary = boundary;
        if (boundary == null) {
            return;
        }
        for (Entity ancestor : stack) {
            if (ancestor == entity || ancestor.boundary == null) {
                continue;
            }
            if (ancestor.boundary.equals(boundary)) {
                problems.add(location() + ": multipart re-uses the boundary of its enclosing multipart");
            } else if (boundary.startsWith(ancestor.boundary) || ancestor.boundary.startsWith(boundary)) {
                // RFC 2046 5.1.1: a delimiter must not occur in the encapsulated parts, which a prefix does.
                problems.add(location() + ": boundary '" + boundary + "' and enclosing boundary '" + ancestor.boundary
                        + "' are prefixes of each other");
            }
        }
    }

    @Override
    public void endMultipart() {
        // Parts are added as their bodies arrive.
    }

    @Override
    public void raw(InputStream is) throws IOException {
        // Raw mode is not used; consume so the parser can continue.
        is.transferTo(OutputStream.nullOutputStream());
    }

    @Override
    public void body(BodyDescriptor bd, InputStream is) throws IOException {
        if (headersOnly) {
            is.transferTo(OutputStream.nullOutputStream());
            return;
        }
        Entity entity = stack.peek();
        String section = entity.root ? join(sectionPrefix, 1) : entity.section;
        String label = "part " + section;
        Consumer<String> partProblems = p -> problems.add(label + ": " + p);

        String contentType = bd.getMimeType().toLowerCase(Locale.ROOT);
        if (entity.flat && contentType.startsWith("multipart/")) {
            partProblems.accept("multipart nested deeper than " + maxEntityDepth + " levels; the rest of it is kept "
                    + "unparsed as this one part");
        }
        HeaderParameters type = MimeParameterParser.parse("Content-Type", entity.headers.get("content-type"), partProblems);
        HeaderParameters disp =
                MimeParameterParser.parse("Content-Disposition", entity.headers.get("content-disposition"), partProblems);
        String disposition = disposition(disp.value());
        String filename = MimeParameterParser.fileName(disp, type);
        String charset = type.get("charset") == null ? null : type.get("charset").strip();
        boolean message = "message/rfc822".equals(contentType);
        // The corpus rule (RFC 2183 plus common practice): an explicit attachment, an unknown disposition type,
        // or a named part that is not inline; every embedded message counts once.
        boolean attachment = message || (!"inline".equals(disposition) && (disposition != null || filename != null));

        InputStream decoded;
        DecodeMonitor partMonitor = new ProblemMonitor(() -> label, problems);
        String encoding = bd.getTransferEncoding() == null ? "7bit" : bd.getTransferEncoding().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "base64" -> decoded = new Base64BodyDecoder(is, partProblems);
            case "quoted-printable" -> decoded = new QuotedPrintableInputStream(is, partMonitor);
            case "7bit", "8bit", "binary" -> decoded = is;
            default -> {
                partProblems.accept("unknown Content-Transfer-Encoding '" + encoding + "'; body kept undecoded");
                decoded = is;
            }
        }

        List<BodyCheck> checks = new ArrayList<>();
        if (contentType.startsWith("text/") && charset != null) {
            Optional<Charset> known = MimeCharsets.lookup(charset);
            if (known.isPresent()) {
                checks.add(new TextCharsetCheck(known.get(), partProblems));
            } else {
                partProblems.accept("unknown charset '" + charset + "'");
            }
        }
        if (contentType.equals(DeliveryStatusCheck.CONTENT_TYPE)) {
            checks.add(new DeliveryStatusCheck(partProblems));
        }

        String path = null;
        OutputStream target = OutputStream.nullOutputStream();
        if (files != null) {
            PartFiles.NewPart created = files.create(filename, section, contentType);
            path = created.path();
            target = created.stream();
        }
        List<EnvelopePart> inner = List.of();
        MeasuringOutputStream out = new MeasuringOutputStream(target, checks);
        try (out) {
            if (message) {
                inner = describeEmbedded(decoded, out, section, partProblems);
            } else {
                copy(decoded, out);
            }
        }
        parts.add(new EnvelopePart(path, filename, contentType, charset, disposition, out.size(), out.sha256Hex(),
                contentId(entity.headers.get("content-id")), attachment, inner));
    }

    /** mime4j hands a body over in pieces of at most its 4 KB buffer; transferTo's 8-16 KB would only add zeroing. */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
    }

    /** Parses an embedded message while its bytes stream on to {@code out}, describing but not writing its parts. */
    private List<EnvelopePart> describeEmbedded(InputStream decoded, OutputStream out, String section,
                                                Consumer<String> partProblems) throws IOException {
        TeeInputStream tee = new TeeInputStream(decoded, out);
        if (depth + 1 > MAX_NESTING) {
            partProblems.accept("embedded messages nested deeper than " + MAX_NESTING + " levels are not described");
            tee.drain();
            return List.of();
        }
        SplitHandler inner = new SplitHandler(null, problems, section, depth + 1, config, maxEntityDepth,
                enclosingDepth + stack.size());
        inner.parse(tee);
        tee.drain();
        return inner.parts();
    }

    /** Known types in lower case; unknown ones exactly as given, because RFC 2183 says to treat them as attachment. */
    private static String disposition(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String lower = value.strip().toLowerCase(Locale.ROOT);
        return lower.equals("attachment") || lower.equals("inline") ? lower : value.strip();
    }

    private static String contentId(String value) {
        if (value == null) {
            return null;
        }
        String id = value.strip();
        if (id.startsWith("<")) {
            id = id.substring(1);
        }
        if (id.endsWith(">")) {
            id = id.substring(0, id.length() - 1);
        }
        return id.isBlank() ? null : id.strip();
    }
}
