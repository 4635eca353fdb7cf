package io.github.camelpop3ingest.invoice;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The seller (EN 16931 BG-4) or buyer (BG-7) of an invoice: legal name, VAT identifier and one other identifier. */
@JsonPropertyOrder({"name", "vatId", "id"})
public record InvoiceParty(String name, String vatId, String id) {

    boolean isEmpty() {
        return name == null && vatId == null && id == null;
    }
}
