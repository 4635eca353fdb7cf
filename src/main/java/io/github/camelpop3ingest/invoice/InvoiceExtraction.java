package io.github.camelpop3ingest.invoice;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The e-invoices found in one message, as the einvoice-extract-action Kamelet emits them; see
 * {@code schema/invoice-extraction-1.schema.json} for the meaning of every field.
 */
@JsonPropertyOrder({"schemaVersion", "messageKey", "messageId", "subject", "invoices", "problems"})
public record InvoiceExtraction(
        int schemaVersion,
        String messageKey,
        String messageId,
        String subject,
        List<Invoice> invoices,
        List<String> problems) {

    /** Version of the JSON layout; bumped on any incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    /** Lists are never null so that consumers and the schema can rely on arrays. */
    public InvoiceExtraction {
        invoices = invoices == null ? List.of() : List.copyOf(invoices);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** True when a person should look at the message: an invoice needs review, or recognition met a problem. */
    public boolean needsReview() {
        return !problems.isEmpty() || invoices.stream().anyMatch(i -> Boolean.TRUE.equals(i.needsReview()));
    }
}
