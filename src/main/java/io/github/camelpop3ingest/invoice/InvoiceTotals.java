package io.github.camelpop3ingest.invoice;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The document totals exactly as written in the invoice (trimmed text, never parsed or recomputed), so that
 * {@code "1125"} and {@code "-782179.43"} reach the consumer unchanged.
 */
@JsonPropertyOrder({"net", "tax", "gross", "prepaid", "payable"})
public record InvoiceTotals(String net, String tax, String gross, String prepaid, String payable) {

    boolean isEmpty() {
        return net == null && tax == null && gross == null && prepaid == null && payable == null;
    }
}
