package io.github.camelpop3ingest.mime;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * The top-level header fields of an archived message, read from the start of {@code message.eml} up to a byte bound,
 * unfolded and decoded as the splitter decodes them; for steps that need a header the envelope does not keep.
 */
public final class MessageHeaders {

    /** One header field: its name as written and its unfolded value, without the leading whitespace. */
    public record Field(String name, String value) {
    }

    private final List<Field> fields;
    private final boolean truncated;

    private MessageHeaders(List<Field> fields, boolean truncated) {
        this.fields = List.copyOf(fields);
        this.truncated = truncated;
    }

    /**
     * Reads the header block of {@code messageFile}, at most {@code maxBytes} of it; a block that goes on longer is
     * cut at the last complete line before the bound and reported by {@link #truncated()}.
     */
    public static MessageHeaders read(Path messageFile, int maxBytes) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(messageFile))) {
            return read(in, maxBytes);
        }
    }

    /** Reads the header block from the start of {@code in}, at most {@code maxBytes} of it. */
    public static MessageHeaders read(InputStream in, int maxBytes) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean ended = false;
        long read = 0;
        int b;
        while (read < maxBytes && (b = in.read()) >= 0) {
            read++;
            if (b != '\n') {
                line.write(b);
                continue;
            }
            byte[] bytes = stripCr(line.toByteArray());
            line.reset();
            if (bytes.length == 0) {
                ended = true;
                break;
            }
            lines.add(bytes);
        }
        if (!ended && read < maxBytes && line.size() > 0) {
            // The file ended inside the header block: its last line is complete all the same.
            lines.add(stripCr(line.toByteArray()));
        }
        boolean truncated = !ended && read >= maxBytes;
        return new MessageHeaders(fields(lines), truncated);
    }

    private static byte[] stripCr(byte[] bytes) {
        int length = bytes.length;
        while (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private static List<Field> fields(List<byte[]> lines) {
        List<Field> result = new ArrayList<>();
        StringBuilder current = null;
        for (int i = 0; i < lines.size(); i++) {
            String text = HeaderBytes.decode(lines.get(i)).text();
            if (i == 0 && text.startsWith("From ")) {
                // An mbox envelope line, not a header field.
                continue;
            }
            if (!text.isEmpty() && (text.charAt(0) == ' ' || text.charAt(0) == '\t')) {
                if (current != null) {
                    current.append(text);
                }
                continue;
            }
            add(result, current);
            current = new StringBuilder(text);
        }
        add(result, current);
        return result;
    }

    private static void add(List<Field> result, StringBuilder field) {
        if (field == null) {
            return;
        }
        int colon = field.indexOf(":");
        if (colon <= 0) {
            // Not a header field (the splitter reports such lines as problems); nothing to look up here.
            return;
        }
        String name = field.substring(0, colon).strip();
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            return;
        }
        result.add(new Field(name, HeaderBytes.unfold(field.substring(colon + 1)).strip()));
    }

    /** Every field, in the order of the message. */
    public List<Field> fields() {
        return fields;
    }

    /** True when the header block was longer than the bound and only its start was read. */
    public boolean truncated() {
        return truncated;
    }

    /** Whether a field of that name (any case) is present. */
    public boolean has(String name) {
        return first(name).isPresent();
    }

    /** The first field of that name (any case), which for trace fields such as Return-Path is the newest. */
    public Optional<String> first(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
    }

    /** The values of every field of that name (any case), in order. */
    public List<String> all(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    /**
     * The bare addresses ({@code local@domain}) of the mailboxes in every field of that name, groups flattened;
     * entries that are no valid address are left out.
     */
    public List<String> addresses(String name) {
        List<String> result = new ArrayList<>();
        for (String value : all(name)) {
            for (Address address : LenientAddressParser.DEFAULT.parseAddressList(value)) {
                if (address instanceof Mailbox mailbox) {
                    addIfValid(result, mailbox);
                } else if (address instanceof Group group) {
                    group.getMailboxes().forEach(m -> addIfValid(result, m));
                }
            }
        }
        return List.copyOf(result);
    }

    private static void addIfValid(List<String> result, Mailbox mailbox) {
        String local = mailbox.getLocalPart();
        String domain = mailbox.getDomain();
        if (local != null && !local.isBlank() && domain != null && !domain.isBlank()
                && mailbox.getAddress().chars().noneMatch(Character::isWhitespace)) {
            result.add(mailbox.getAddress());
        }
    }

    /** The media type of the Content-Type field, lower-case and without parameters; empty when there is none. */
    public Optional<String> mediaType() {
        return first("Content-Type").map(v -> {
            int semicolon = v.indexOf(';');
            return (semicolon < 0 ? v : v.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        });
    }
}
