package io.github.camelpop3ingest.sink;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.exchange.MessageKey;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.mime.EnvelopePart;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.apache.camel.Message;

/**
 * Turns an archived message (the {@link Envelope} body and the headers that {@link ArchiveWriter} and the POP3
 * consumer set) into the UTF-8 JSON {@link DeliveryEvent} that the JMS and HTTP sinks send.
 * <p>
 * Part files up to {@link #setInlineMaxBytes(int) inlineMaxBytes} travel inline as Base64; larger ones only as a
 * {@code file:} URI to the archived part (claim check), so that a 200 MB attachment never passes through a broker.
 * The envelope moves to the exchange property {@value #IngestExchange.ENVELOPE_PROPERTY}; the key goes into the header
 * {@value #IDEMPOTENCY_KEY_HEADER}, a valid JMS property name, so that consumers can deduplicate.
 */
public class DeliveryEventBuilder {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "deliveryEventBuilder";
    /** Header set on the exchange (and so a JMS property): the message's idempotency key. */
    public static final String IDEMPOTENCY_KEY_HEADER = "IngestIdempotencyKey";
    /** Parts up to this many bytes are inlined by default: small enough for any broker or HTTP body. */
    public static final int DEFAULT_INLINE_MAX_BYTES = 64 * 1024;


    /** Made on first use: a start that archives nothing (a re-poll of a seen mailbox) does not initialise Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private int inlineMaxBytes = DEFAULT_INLINE_MAX_BYTES;

    /** Replaces the body with the event JSON; the exchange must have passed the archive writer. */
    @Handler
    public void build(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        Path folder = archiveFolder(in);
        Envelope envelope = envelope(in, folder);
        String account = in.getHeader(IngestExchange.ACCOUNT, envelope.account(), String.class);
        String uidl = in.getHeader(IngestExchange.UIDL, envelope.uidl(), String.class);
        String key = in.getHeader(IngestExchange.KEY, String.class);
        if (key == null) {
            if (account == null || uidl == null) {
                throw new IllegalArgumentException("deliveryEventBuilder needs the header " + IngestExchange.KEY
                        + " or an account and UIDL to derive the idempotency key from");
            }
            key = new MessageKey(account, uidl).toString();
        }
        DeliveryEvent event = new DeliveryEvent(DeliveryEvent.SCHEMA_VERSION, key, account, uidl, folder.toString(),
                envelope, attachments(envelope.parts(), folder, new ArrayList<>()));
        IngestExchange.setEnvelope(exchange, envelope);
        in.setHeader(IDEMPOTENCY_KEY_HEADER, key);
        in.setBody(toJson(event));
    }

    /** The event as JSON text; Jackson writes UTF-8 when the String is encoded, and JMS text messages carry it so. */
    public String toJson(DeliveryEvent event) {
        try {
            return Json.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Delivery event for " + event.idempotencyKey() + " could not be serialized", e);
        }
    }

    private static Path archiveFolder(Message in) {
        Object header = in.getHeader(IngestExchange.ARCHIVE_FOLDER);
        Path folder;
        if (header instanceof Path path) {
            folder = path;
        } else if (header instanceof File file) {
            folder = file.toPath();
        } else if (header instanceof String name && !name.isBlank()) {
            folder = Path.of(name);
        } else {
            throw new IllegalArgumentException("deliveryEventBuilder needs the header "
                    + IngestExchange.ARCHIVE_FOLDER + ", which the archive writer sets; run it first");
        }
        return folder.toAbsolutePath().normalize();
    }

    /** A message archived before a crash comes back with no body; its sinks still need it, so read its envelope. */
    private Envelope envelope(Message in, Path folder) throws IOException {
        Object body = in.getBody();
        if (body instanceof Envelope envelope) {
            return envelope;
        }
        if (body == null) {
            Path file = folder.resolve(EnvelopeWriter.FILE_NAME);
            if (Files.isRegularFile(file)) {
                return Json.MAPPER.readValue(Files.readAllBytes(file), Envelope.class);
            }
        }
        throw new IllegalArgumentException("deliveryEventBuilder needs an Envelope body, which the archive writer sets;"
                + " got " + (body == null ? "no body and no " + EnvelopeWriter.FILE_NAME + " in " + folder
                        : body.getClass().getName()));
    }

    /** Every part with a file, in document order, nested ones after their parent. */
    private List<DeliveryAttachment> attachments(List<EnvelopePart> parts, Path folder, List<DeliveryAttachment> out)
            throws IOException {
        for (EnvelopePart part : parts) {
            if (part.path() != null) {
                out.add(attachment(part, folder));
            }
            attachments(part.parts(), folder, out);
        }
        return out;
    }

    private DeliveryAttachment attachment(EnvelopePart part, Path folder) throws IOException {
        Path file = folder.resolve(part.path()).normalize();
        // The splitter sanitizes names; this guards a hand-edited envelope.json from pointing outside the folder.
        if (!file.startsWith(folder)) {
            throw new IllegalArgumentException("Part path " + part.path() + " leaves the archive folder " + folder);
        }
        String claimCheck = null;
        String content = null;
        if (part.size() <= inlineMaxBytes) {
            content = Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } else {
            claimCheck = file.toUri().toString();
        }
        return new DeliveryAttachment(part.path(), part.filename(), part.contentType(), part.size(), part.sha256(),
                claimCheck, content);
    }

    public int getInlineMaxBytes() {
        return inlineMaxBytes;
    }

    /** Parts up to this many bytes are sent inline as Base64, larger ones as a claim check; 0 inlines only empty parts. */
    public void setInlineMaxBytes(int inlineMaxBytes) {
        if (inlineMaxBytes < 0) {
            throw new IllegalArgumentException("inlineMaxBytes must be 0 or more, not " + inlineMaxBytes);
        }
        this.inlineMaxBytes = inlineMaxBytes;
    }
}
