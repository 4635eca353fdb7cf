package io.github.camelpop3ingest.sink;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.camelpop3ingest.invoice.Envelope;

/**
 * What the ingest delivers to JMS and HTTP for one archived message; see {@code schema/delivery-event-1.schema.json}
 * for the meaning of every field.
 */
@JsonPropertyOrder({"schemaVersion", "idempotencyKey", "account", "uidl", "archiveFolder", "envelope", "attachments"})
public record DeliveryEvent(
        int schemaVersion,
        String idempotencyKey,
        String account,
        String uidl,
        String archiveFolder,
        Envelope envelope,
        List<DeliveryAttachment> attachments) {

    /** Version of the JSON layout; bumped on any incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    /** {@code attachments} is never null, so consumers and the schema can rely on an array. */
    public DeliveryEvent {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
