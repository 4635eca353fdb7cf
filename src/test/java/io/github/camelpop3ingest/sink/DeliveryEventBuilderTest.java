package io.github.camelpop3ingest.sink;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.mime.EnvelopePart;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery event carries every part file (nested ones too), inline up to {@code inlineMaxBytes} and as a
 * {@code file:} claim check above, and the exchange keeps the envelope and gains the idempotency key header.
 */
class DeliveryEventBuilderTest {

    private static final String KEY = "alice@localhost:995#17";
    private static final int LIMIT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private final CamelContext context = new DefaultCamelContext();
    private final DeliveryEventBuilder builder = new DeliveryEventBuilder();
    private Envelope envelope;

    @BeforeEach
    void archivedMessage() throws Exception {
        // A text body at the limit, a PDF one byte over it, and a forwarded message whose own attachment has a file.
        EnvelopePart text = part("parts/part-1.txt", null, "text/plain", LIMIT, List.of());
        EnvelopePart pdf = part("parts/Rechnung Müller.pdf", "Rechnung Müller.pdf", "application/pdf", LIMIT + 1,
                List.of());
        EnvelopePart innerXml = part("parts/invoice.xml", "invoice.xml", "application/xml", 12, List.of());
        EnvelopePart innerDescribedOnly = part(null, "logo.png", "image/png", 5, List.of());
        EnvelopePart forwarded = part("parts/original.eml", null, "message/rfc822", LIMIT * 3,
                List.of(innerXml, innerDescribedOnly));
        envelope = new Envelope(Envelope.SCHEMA_VERSION, "alice@localhost:995", "17", "<1@example.com>",
                List.of("a@example.com"), List.of("b@example.com"), List.of(), List.of(), "Rechnung", null,
                Instant.parse("2026-01-02T03:04:05Z"), 1000, "0".repeat(64), List.of(text, pdf, forwarded), List.of());
        builder.setInlineMaxBytes(LIMIT);
    }

    @AfterEach
    void stopContext() throws Exception {
        context.close();
    }

    private EnvelopePart part(String path, String filename, String type, int size, List<EnvelopePart> inner)
            throws Exception {
        if (path != null) {
            Path file = folder.resolve(path);
            Files.createDirectories(file.getParent());
            byte[] content = new byte[size];
            for (int i = 0; i < size; i++) {
                content[i] = (byte) (path.hashCode() + i);
            }
            Files.write(file, content);
        }
        return new EnvelopePart(path, filename, type, null, null, size, "a".repeat(64), null, filename != null, inner);
    }

    private Exchange archivedExchange() {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setBody(envelope);
        exchange.getIn().setHeader(IngestExchange.ARCHIVE_FOLDER, folder);
        exchange.getIn().setHeader(IngestExchange.ACCOUNT, "alice@localhost:995");
        exchange.getIn().setHeader(IngestExchange.UIDL, "17");
        exchange.getIn().setHeader(IngestExchange.KEY, KEY);
        return exchange;
    }

    private JsonNode build(Exchange exchange) throws Exception {
        builder.build(exchange);
        return JSON.readTree(exchange.getIn().getBody(String.class));
    }

    @Test
    void partsUpToTheLimitAreInlineAndLargerOnesAClaimCheck() throws Exception {
        JsonNode attachments = build(archivedExchange()).get("attachments");

        JsonNode text = attachments.get(0);
        assertThat(text.get("path").asText()).isEqualTo("parts/part-1.txt");
        assertThat(text.get("claimCheck").isNull()).isTrue();
        assertThat(Base64.getDecoder().decode(text.get("contentBase64").asText()))
                .isEqualTo(Files.readAllBytes(folder.resolve("parts/part-1.txt")));

        JsonNode pdf = attachments.get(1);
        assertThat(pdf.get("filename").asText()).isEqualTo("Rechnung Müller.pdf");
        assertThat(pdf.get("size").asLong()).isEqualTo(LIMIT + 1);
        assertThat(pdf.get("contentBase64").isNull()).isTrue();
        Path claimed = Path.of(URI.create(pdf.get("claimCheck").asText()));
        assertThat(pdf.get("claimCheck").asText()).startsWith("file:/");
        assertThat(claimed).isAbsolute().isEqualTo(folder.resolve("parts/Rechnung Müller.pdf").toAbsolutePath());
        assertThat(claimed).hasSameBinaryContentAs(folder.resolve("parts/Rechnung Müller.pdf"));
    }

    @Test
    void nestedPartsWithAFileAreListedAfterTheirParent() throws Exception {
        JsonNode attachments = build(archivedExchange()).get("attachments");

        assertThat(attachments).extracting(a -> a.get("path").asText())
                .containsExactly("parts/part-1.txt", "parts/Rechnung Müller.pdf", "parts/original.eml",
                        "parts/invoice.xml");
        assertThat(attachments.get(2).get("claimCheck").isNull()).isFalse();
        assertThat(attachments.get(3).get("contentType").asText()).isEqualTo("application/xml");
        assertThat(attachments.get(3).get("contentBase64").isNull()).isFalse();
    }

    @Test
    void eventCarriesTheKeyTheEnvelopeAndTheAbsoluteFolder() throws Exception {
        Exchange exchange = archivedExchange();
        JsonNode event = build(exchange);

        assertThat(exchange.getIn().getHeader(DeliveryEventBuilder.IDEMPOTENCY_KEY_HEADER)).isEqualTo(KEY);
        assertThat(exchange.getProperty(IngestExchange.ENVELOPE_PROPERTY)).isSameAs(envelope);
        assertThat(exchange.getIn().getBody()).isInstanceOf(String.class);
        assertThat(event.get("schemaVersion").asInt()).isEqualTo(DeliveryEvent.SCHEMA_VERSION);
        assertThat(event.get("idempotencyKey").asText()).isEqualTo(KEY);
        assertThat(event.get("account").asText()).isEqualTo("alice@localhost:995");
        assertThat(event.get("uidl").asText()).isEqualTo("17");
        assertThat(Path.of(event.get("archiveFolder").asText())).isAbsolute().isEqualTo(folder.toAbsolutePath());
        assertThat(event.get("envelope")).isEqualTo(JSON.readTree(new EnvelopeWriter().toJson(envelope)));
    }

    @Test
    void keyHeaderIsAValidJmsPropertyName() {
        String name = DeliveryEventBuilder.IDEMPOTENCY_KEY_HEADER;
        // JMS 3.1 section 3.5.1: a Java identifier that does not start with JMS (reserved) or Camel (filtered out).
        assertThat(Character.isJavaIdentifierStart(name.charAt(0))).isTrue();
        assertThat(name.chars().allMatch(Character::isJavaIdentifierPart)).isTrue();
        assertThat(name).doesNotStartWith("JMS").doesNotStartWith("Camel");
    }

    @Test
    void messageArchivedBeforeACrashIsReadBackFromItsEnvelopeFile() throws Exception {
        new EnvelopeWriter().write(envelope, folder);
        Exchange exchange = archivedExchange();
        exchange.getIn().setBody(null);
        exchange.getIn().setHeader(IngestExchange.ALREADY_ARCHIVED, true);

        JsonNode event = build(exchange);

        assertThat(event.get("envelope")).isEqualTo(JSON.readTree(new EnvelopeWriter().toJson(envelope)));
        assertThat(event.get("attachments")).hasSize(4);
        assertThat(exchange.getProperty(IngestExchange.ENVELOPE_PROPERTY)).isEqualTo(envelope);
    }

    @Test
    void eventHasExactlyTheSchemaFieldsInOrder() throws Exception {
        JsonNode schema;
        try (var in = getClass().getResourceAsStream("/schema/delivery-event-1.schema.json")) {
            schema = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonNode event = build(archivedExchange());

        assertThat(fieldNames(event)).containsExactlyElementsOf(names(schema.get("required")))
                .containsExactlyElementsOf(components(DeliveryEvent.class));
        List<String> attachmentFields = names(schema.at("/$defs/attachment/required"));
        assertThat(attachmentFields).containsExactlyElementsOf(components(DeliveryAttachment.class));
        event.get("attachments").forEach(a -> assertThat(fieldNames(a)).containsExactlyElementsOf(attachmentFields));
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .toList();
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
