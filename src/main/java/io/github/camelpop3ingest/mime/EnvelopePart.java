package io.github.camelpop3ingest.mime;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One leaf part (or one embedded message/rfc822 with its own parts) of an archived message. */
@JsonPropertyOrder({"path", "filename", "contentType", "charset", "disposition", "size", "sha256", "contentId",
        "attachment", "parts"})
public record EnvelopePart(
        String path,
        String filename,
        String contentType,
        String charset,
        String disposition,
        long size,
        String sha256,
        String contentId,
        boolean attachment,
        List<EnvelopePart> parts) {

    /** {@code parts} is always present: empty for leaves, the inner parts for message/rfc822. */
    public EnvelopePart {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }
}
