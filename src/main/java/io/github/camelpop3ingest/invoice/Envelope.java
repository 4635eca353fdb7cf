package io.github.camelpop3ingest.invoice;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.github.camelpop3ingest.mime.EnvelopePart;
import io.github.camelpop3ingest.mime.MessageDescription;

/**
 * The description of one archived message written as {@code envelope.json}; see
 * {@code schema/envelope-1.schema.json} for the meaning of every field.
 */
@JsonPropertyOrder({"schemaVersion", "account", "uidl", "messageId", "from", "to", "cc", "replyTo", "subject", "date",
        "receivedAt", "size", "sha256", "parts", "invoices", "problems"})
public record Envelope(
        int schemaVersion,
        String account,
        String uidl,
        String messageId,
        List<String> from,
        List<String> to,
        List<String> cc,
        List<String> replyTo,
        String subject,
        @JsonSerialize(using = EnvelopeTimes.OffsetDateTimeSerializer.class)
        @JsonDeserialize(using = EnvelopeTimes.OffsetDateTimeDeserializer.class)
        OffsetDateTime date,
        @JsonSerialize(using = EnvelopeTimes.InstantSerializer.class)
        @JsonDeserialize(using = EnvelopeTimes.InstantDeserializer.class)
        Instant receivedAt,
        long size,
        String sha256,
        List<EnvelopePart> parts,
        List<Invoice> invoices,
        List<String> problems) {

    /** Version of the JSON layout; bumped on any incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    /** Lists are never null so that consumers and the schema can rely on arrays. */
    public Envelope {
        from = copy(from);
        to = copy(to);
        cc = copy(cc);
        replyTo = copy(replyTo);
        parts = copy(parts);
        invoices = copy(invoices);
        problems = copy(problems);
    }

    /** An envelope without invoices, as {@link #of} makes it and as tests build one. */
    public Envelope(int schemaVersion, String account, String uidl, String messageId, List<String> from, List<String> to,
            List<String> cc, List<String> replyTo, String subject, OffsetDateTime date, Instant receivedAt, long size,
            String sha256, List<EnvelopePart> parts, List<String> problems) {
        this(schemaVersion, account, uidl, messageId, from, to, cc, replyTo, subject, date, receivedAt, size, sha256,
                parts, List.of(), problems);
    }

    /** The envelope of a message as the splitter described it, before any invoice was looked for. */
    public static Envelope of(MessageDescription message) {
        return new Envelope(SCHEMA_VERSION, message.account(), message.uidl(), message.messageId(), message.from(),
                message.to(), message.cc(), message.replyTo(), message.subject(), message.date(), message.receivedAt(),
                message.size(), message.sha256(), message.parts(), message.problems());
    }

    /** This envelope with the invoices found in its parts and the problems met while looking for them. */
    public Envelope withInvoices(List<Invoice> found, List<String> moreProblems) {
        List<String> allProblems = new java.util.ArrayList<>(problems);
        allProblems.addAll(moreProblems);
        return new Envelope(schemaVersion, account, uidl, messageId, from, to, cc, replyTo, subject, date, receivedAt,
                size, sha256, parts, found, allProblems);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
