package io.github.camelpop3ingest.mime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * Turns an address header into display strings such as {@code Jörg Müller <j@example.com>}; groups are flattened
 * to their members and anything that is not an address is kept as its decoded text. Control characters (U+0000 to
 * U+001F except tab, and U+007F), raw or from an encoded-word, are removed from the string with a problem.
 */
final class AddressListDecoder {

    private AddressListDecoder() {}

    static List<String> decode(String headerName, String value, Consumer<String> problems) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<Mailbox> mailboxes = new ArrayList<>();
        for (Address address : LenientAddressParser.DEFAULT.parseAddressList(value)) {
            if (address instanceof Mailbox mailbox) {
                mailboxes.add(mailbox);
            } else if (address instanceof Group group) {
                mailboxes.addAll(group.getMailboxes());
            }
        }
        if (mailboxes.stream().allMatch(AddressListDecoder::isValid)) {
            return mailboxes.stream().map(m -> withoutControls(headerName, format(m), problems)).toList();
        }
        // The lenient parser has already merged or dropped text around the bad entry; go back to the raw items.
        List<String> result = new ArrayList<>();
        for (String item : splitTopLevel(value)) {
            if (item.isBlank()) {
                continue;
            }
            Mailbox mailbox = parseMailbox(item);
            if (mailbox != null && isValid(mailbox)) {
                result.add(withoutControls(headerName, format(mailbox), problems));
            } else {
                String decoded = withoutControls(headerName,
                        EncodedWordDecoder.decode(item.strip(), p -> problems.accept(headerName + " header: " + p)), problems);
                result.add(decoded);
                problems.accept(headerName + " header: '" + Problems.abbreviate(decoded) + "' is not a valid address");
            }
        }
        return List.copyOf(result);
    }

    private static Mailbox parseMailbox(String item) {
        try {
            return LenientAddressParser.DEFAULT.parseMailbox(item);
        } catch (RuntimeException e) {
            // The lenient parser is not documented to throw; a failure just means "not an address".
            return null;
        }
    }

    private static boolean isValid(Mailbox mailbox) {
        String local = mailbox.getLocalPart();
        String domain = mailbox.getDomain();
        return local != null && !local.isBlank() && domain != null && !domain.isBlank()
                && local.chars().noneMatch(Character::isWhitespace) && domain.chars().noneMatch(Character::isWhitespace);
    }

    private static String format(Mailbox mailbox) {
        // mime4j decodes display names, but leaves words in charsets it does not know (e.g. iso-8859-8-i).
        String name = mailbox.getName() == null ? null : EncodedWordDecoder.decode(mailbox.getName(), p -> { });
        return name == null || name.isBlank() ? mailbox.getAddress() : name.strip() + " <" + mailbox.getAddress() + ">";
    }

    /**
     * The address without control characters: they are not part of any address, and consumers of the envelope choke
     * on them (a NUL ends a C string and cannot be stored in a PostgreSQL text column).
     */
    private static String withoutControls(String headerName, String address, Consumer<String> problems) {
        StringBuilder kept = new StringBuilder(address.length());
        Set<String> removed = new LinkedHashSet<>();
        address.codePoints().forEach(c -> {
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                removed.add(String.format("U+%04X", c));
            } else {
                kept.appendCodePoint(c);
            }
        });
        if (removed.isEmpty()) {
            return address;
        }
        String result = kept.toString().strip();
        problems.accept(headerName + " header: control character" + (removed.size() == 1 ? " " : "s ")
                + String.join(", ", removed) + " removed from address '" + Problems.abbreviate(result) + "'");
        return result;
    }

    /** Splits at commas outside quoted-strings, comments and angle brackets. */
    private static List<String> splitTopLevel(String value) {
        List<String> items = new ArrayList<>();
        int start = 0;
        int comment = 0;
        boolean quoted = false;
        boolean angle = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && (quoted || comment > 0)) {
                i++;
            } else if (quoted) {
                quoted = c != '"';
            } else if (c == '"' && comment == 0) {
                quoted = true;
            } else if (c == '(') {
                comment++;
            } else if (c == ')' && comment > 0) {
                comment--;
            } else if (comment == 0 && c == '<') {
                angle = true;
            } else if (comment == 0 && c == '>') {
                angle = false;
            } else if (comment == 0 && !angle && c == ',') {
                items.add(value.substring(start, i));
                start = i + 1;
            }
        }
        items.add(value.substring(start));
        return items;
    }
}
