package io.github.camelpop3ingest.mime;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A produced envelope matches {@code schema/envelope-1.schema.json}: same fields in the same order, and the
 * subset of draft 2020-12 the schema uses (type, const, required, additionalProperties, items, $ref, pattern).
 */
class EnvelopeSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private JsonNode schema;
    private JsonNode envelope;

    @BeforeEach
    void splitFixture() throws Exception {
        try (InputStream in = EnvelopeSchemaTest.class.getResourceAsStream("/schema/envelope-1.schema.json")) {
            schema = JSON.readTree(in);
        }
        MessageDescription split = TestMessages.split(TestMessages.fixture("forwarded-message.eml"), folder);
        envelope = JSON.readTree(new EnvelopeWriter().toJson(Envelope.of(split)));
    }

    @Test
    void schemaListsTheRecordFieldsInOrder() {
        assertThat(names(schema.get("required"))).containsExactlyElementsOf(components(Envelope.class));
        assertThat(fieldNames(schema.get("properties"))).containsExactlyElementsOf(components(Envelope.class));
        JsonNode part = schema.at("/$defs/part");
        assertThat(names(part.get("required"))).containsExactlyElementsOf(components(EnvelopePart.class));
        assertThat(fieldNames(part.get("properties"))).containsExactlyElementsOf(components(EnvelopePart.class));
        schema.get("properties").forEach(p -> assertThat(p.path("description").asText()).isNotBlank());
        part.get("properties").forEach(p -> assertThat(p.path("description").asText()).isNotBlank());
    }

    @Test
    void envelopeHasExactlyTheSchemaFieldsInOrder() {
        assertThat(fieldNames(envelope)).containsExactlyElementsOf(names(schema.get("required")));
        JsonNode parts = envelope.get("parts");
        assertThat(parts).isNotEmpty();
        List<String> partFields = names(schema.at("/$defs/part/required"));
        parts.forEach(p -> assertThat(fieldNames(p)).containsExactlyElementsOf(partFields));
    }

    @Test
    void envelopeValidatesAgainstTheSchema() {
        List<String> errors = new ArrayList<>();
        validate(envelope, schema, "$", errors);
        assertThat(errors).isEmpty();
    }

    @Test
    void envelopeDescribesTheFixture() {
        assertThat(envelope.get("schemaVersion").asInt()).isEqualTo(Envelope.SCHEMA_VERSION);
        assertThat(envelope.get("messageId").asText()).isEqualTo("<forwarded@example.com>");
        assertThat(envelope.get("from").get(0).asText()).isEqualTo("Jörg Müller <j@example.com>");
        assertThat(names(envelope.get("to"))).containsExactly("Doe, Jane <jane@example.com>", "bob@example.com");
        assertThat(names(envelope.get("cc"))).containsExactly("Élodie <elodie@example.fr>");
        assertThat(envelope.get("subject").asText()).isEqualTo("Fwd: Rechnung für März");
        assertThat(envelope.get("date").asText()).isEqualTo("2025-03-04T09:15:00+01:00");
        assertThat(envelope.get("receivedAt").asText()).isEqualTo("2025-03-04T08:16:00Z");
        JsonNode embedded = envelope.get("parts").get(2);
        assertThat(embedded.get("contentType").asText()).isEqualTo("message/rfc822");
        assertThat(embedded.get("path").asText()).isEqualTo("parts/original.eml");
        assertThat(embedded.get("parts").get(1).get("filename").asText()).isEqualTo("invoice.pdf");
        assertThat(embedded.get("parts").get(1).get("path").isNull()).isTrue();
        assertThat(envelope.get("parts").get(1).get("contentId").asText()).isEqualTo("logo@example.com");
        assertThat(envelope.get("problems")).isEmpty();
    }

    private void validate(JsonNode value, JsonNode rule, String where, List<String> errors) {
        if (rule.has("$ref")) {
            validate(value, schema.at(rule.get("$ref").asText().substring(1)), where, errors);
        }
        if (rule.has("const") && !rule.get("const").equals(value)) {
            errors.add(where + ": expected " + rule.get("const"));
        }
        if (rule.has("type")) {
            List<String> types = rule.get("type").isArray() ? names(rule.get("type")) : List.of(rule.get("type").asText());
            if (types.stream().noneMatch(t -> hasType(value, t))) {
                errors.add(where + ": " + value.getNodeType() + " is not " + types);
            }
        }
        if (rule.has("pattern") && value.isTextual() && !Pattern.compile(rule.get("pattern").asText()).matcher(value.asText()).find()) {
            errors.add(where + ": '" + value.asText() + "' does not match " + rule.get("pattern"));
        }
        if (value.isObject()) {
            for (String required : names(rule.path("required"))) {
                if (!value.has(required)) {
                    errors.add(where + ": missing " + required);
                }
            }
            for (String field : fieldNames(value)) {
                JsonNode property = rule.path("properties").get(field);
                if (property == null) {
                    if (rule.path("additionalProperties").isBoolean() && !rule.get("additionalProperties").asBoolean()) {
                        errors.add(where + ": unexpected " + field);
                    }
                } else {
                    validate(value.get(field), property, where + "." + field, errors);
                }
            }
        }
        if (value.isArray() && rule.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(value.get(i), rule.get("items"), where + "[" + i + "]", errors);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "null" -> value.isNull();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> throw new IllegalArgumentException("type " + type + " not supported by this test");
        };
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
