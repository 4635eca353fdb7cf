package io.github.camelpop3ingest.mime;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the splitter learns about one message, its headers, parts and problems; the archive step adds the invoices and
 * writes it as {@code envelope.json}.
 */
public record MessageDescription(
        String account,
        String uidl,
        String messageId,
        List<String> from,
        List<String> to,
        List<String> cc,
        List<String> replyTo,
        String subject,
        OffsetDateTime date,
        Instant receivedAt,
        long size,
        String sha256,
        List<EnvelopePart> parts,
        List<String> problems) {

    /** Lists are never null so that the envelope made from this description always has arrays. */
    public MessageDescription {
        from = copy(from);
        to = copy(to);
        cc = copy(cc);
        replyTo = copy(replyTo);
        parts = copy(parts);
        problems = copy(problems);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
