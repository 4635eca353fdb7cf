package io.github.camelpop3ingest.sink;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.mime.EnvelopePart;
import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.client5.http.entity.mime.FormBodyPartBuilder;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.entity.mime.StringBody;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@code multipart/form-data} request body of one archived message: the envelope JSON, then every part
 * file of its folder, read from disk only while the body is written.
 */
final class EnvelopeMultipart {

    /** Form name of the envelope part. */
    static final String ENVELOPE_PART = "envelope";
    /** Form name of every archived file part. */
    static final String FILE_PART = "part";

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeMultipart.class);

    private final EnvelopeWriter envelopeWriter;

    EnvelopeMultipart(EnvelopeWriter envelopeWriter) {
        this.envelopeWriter = envelopeWriter;
    }

    /**
     * The body for {@code envelope}, whose part files lie in {@code folder}; a part file that is missing or lies
     * outside the folder is a {@link PermanentDeliveryException}, since no retry brings it back.
     */
    HttpEntity build(Envelope envelope, Path folder, String sink) {
        MultipartEntityBuilder builder = MultipartEntityBuilder.create()
                .setMode(HttpMultipartMode.EXTENDED)
                .setCharset(StandardCharsets.UTF_8)
                .addPart(ENVELOPE_PART, new StringBody(new String(envelopeWriter.toJson(envelope),
                        StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        Path root = folder.toAbsolutePath().normalize();
        for (EnvelopePart part : files(envelope.parts(), new ArrayList<>())) {
            Path file = root.resolve(part.path()).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                throw new PermanentDeliveryException(sink, "archived part " + part.path() + " is missing in " + folder,
                        null);
            }
            String filename = file.getFileName().toString();
            builder.addPart(FormBodyPartBuilder.create(FILE_PART, new FileBody(file.toFile(), contentType(part),
                            filename))
                    .setField("Content-Disposition", contentDisposition(FILE_PART, filename))
                    .build());
        }
        return builder.build();
    }

    /** Parts with a file, depth first; the inner parts of a forwarded message have no file of their own. */
    private static List<EnvelopePart> files(List<EnvelopePart> parts, List<EnvelopePart> into) {
        for (EnvelopePart part : parts) {
            if (part.path() != null) {
                into.add(part);
            }
            files(part.parts(), into);
        }
        return into;
    }

    /**
     * The Content-Disposition of a file part with the file name as raw UTF-8, as browsers send it (WHATWG HTML form
     * submission, allowed by RFC 7578 section 4.2): HttpClient would percent-encode it, which most receivers keep
     * literally. HttpClient writes this header in ISO-8859-1, so the UTF-8 bytes travel as one char each.
     */
    static String contentDisposition(String name, String filename) {
        String escaped = filename.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
        String value = "form-data; name=\"" + name + "\"; filename=\"" + escaped + "\"";
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static ContentType contentType(EnvelopePart part) {
        String type = part.contentType();
        if (type == null || type.isBlank()) {
            return ContentType.APPLICATION_OCTET_STREAM;
        }
        try {
            ContentType parsed = ContentType.parse(type);
            if (part.charset() != null && parsed.getParameter("charset") == null) {
                return parsed.withParameters(new BasicNameValuePair("charset", part.charset()));
            }
            return parsed;
        } catch (RuntimeException e) {
            // A malformed type from a hostile message must not stop its delivery; the envelope still names it.
            LOG.debug("Ignoring unparsable content type {} of {}: {}", type, part.path(), e.getMessage());
            return ContentType.APPLICATION_OCTET_STREAM;
        }
    }
}
