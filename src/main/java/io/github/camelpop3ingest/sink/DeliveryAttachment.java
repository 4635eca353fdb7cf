package io.github.camelpop3ingest.sink;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One archived part file as a delivery event carries it: small ones inline as Base64, large ones by reference to
 * the archived file (claim check).
 */
@JsonPropertyOrder({"path", "filename", "contentType", "size", "sha256", "claimCheck", "contentBase64"})
public record DeliveryAttachment(
        String path,
        String filename,
        String contentType,
        long size,
        String sha256,
        String claimCheck,
        String contentBase64) {
}
