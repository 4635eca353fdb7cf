package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invoices serialize with exactly the fields of {@code schema/invoice-1.schema.json}, in record order, and validate
 * against the subset of draft 2020-12 the schema uses (type, enum, required, additionalProperties, items, $ref,
 * pattern, minimum). Fields added later within version 1 are properties but not required.
 */
class InvoiceSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Added within version 1, so that documents written before stay valid. */
    private static final List<String> ADDED_LATER = List.of("validation");

    private static JsonNode schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = InvoiceSchemaTest.class.getResourceAsStream("/schema/invoice-1.schema.json")) {
            schema = JSON.readTree(in);
        }
    }

    @Test
    void schemaListsTheRecordFieldsInOrderWithDescriptions() {
        assertFields(schema, Invoice.class);
        assertFields(schema.at("/$defs/party"), InvoiceParty.class);
        assertFields(schema.at("/$defs/totals"), InvoiceTotals.class);
        assertFields(schema.at("/$defs/validation"), InvoiceValidation.class);
        assertFields(schema.at("/$defs/finding"), InvoiceValidation.Finding.class);
        assertThat(texts(schema.at("/$defs/validation/properties/status/enum"))).containsExactlyElementsOf(
                Arrays.stream(InvoiceValidation.Status.values()).map(InvoiceValidation.Status::json).toList());
        assertThat(schema.at("/$defs/amount/pattern").asText()).isEqualTo(InvoiceValues.AMOUNT.pattern());
        assertThat(texts(schema.at("/properties/format/enum"))).containsExactly(Invoice.UBL_INVOICE,
                Invoice.UBL_CREDIT_NOTE, Invoice.CII, Invoice.ZUGFERD_1, Invoice.PDF_CANDIDATE);
    }

    @Test
    void everyCorpusInvoiceValidates() throws Exception {
        List<Path> files;
        try (var listing = Files.list(CorpusManifest.invoicesDir())) {
            files = listing.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                assertValid(new XmlInvoiceReader().read(in, file.getFileName().toString()).orElseThrow());
            }
        }
    }

    @Test
    void unreadableInvoiceValidates() {
        String broken = "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><oops>";
        assertValid(new XmlInvoiceReader().read(new ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8)),
                "broken.xml").orElseThrow());
    }

    @Test
    void validatedInvoicesValidate() throws Exception {
        Path file = CorpusManifest.invoicesDir().resolve("ubl_xrechnung_03.06a.xml");
        Invoice invoice;
        try (InputStream in = Files.newInputStream(file)) {
            invoice = new XmlInvoiceReader().read(in, file.getFileName().toString()).orElseThrow();
        }
        assertValid(invoice.withValidation(new InvoiceValidation(InvoiceValidation.Status.INVALID,
                "XRechnung 3.0.2 (UBL)", List.of(new InvoiceValidation.Finding("BR-DE-15", "/Invoice",
                        "Das Element \"Buyer reference\" (BT-10) muss übermittelt werden.")),
                List.of(new InvoiceValidation.Finding("XSD", null, "a warning")), null)));
        assertValid(invoice.withValidation(InvoiceValidation.of("EN 16931 1.3.12 (UBL)", List.of(), List.of())));
        assertValid(invoice.withValidation(InvoiceValidation.notValidated(null, "ZUGFeRD 1.0 has no rule set")));
        assertValid(invoice.withValidation(InvoiceValidation.unreadable("not well-formed XML")));
    }

    private static void assertValid(Invoice invoice) {
        JsonNode json = JSON.valueToTree(invoice);
        assertThat(fieldNames(json)).as(invoice.path()).containsExactlyElementsOf(fieldNames(schema.get("properties")));
        List<String> errors = new ArrayList<>();
        validate(json, schema, "$", errors);
        assertThat(errors).as(invoice.path()).isEmpty();
    }

    private static void assertFields(JsonNode object, Class<? extends Record> type) {
        List<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        assertThat(texts(object.get("required"))).containsExactlyElementsOf(
                components.stream().filter(c -> !ADDED_LATER.contains(c)).toList());
        assertThat(fieldNames(object.get("properties"))).containsExactlyElementsOf(components);
        object.get("properties").forEach(p -> assertThat(p.path("description").asText()).isNotBlank());
    }

    private static void validate(JsonNode value, JsonNode rule, String where, List<String> errors) {
        if (rule.has("$ref")) {
            validate(value, schema.at(rule.get("$ref").asText().substring(1)), where, errors);
        }
        if (rule.has("enum") && !texts(rule.get("enum")).contains(value.asText())) {
            errors.add(where + ": " + value + " is not one of " + rule.get("enum"));
        }
        if (rule.has("type")) {
            JsonNode type = rule.get("type");
            List<String> types = type.isArray() ? texts(type) : List.of(type.asText());
            if (types.stream().noneMatch(t -> hasType(value, t))) {
                errors.add(where + ": " + value.getNodeType() + " is not " + types);
            }
        }
        if (rule.has("pattern") && value.isTextual()
                && !Pattern.compile(rule.get("pattern").asText()).matcher(value.asText()).find()) {
            errors.add(where + ": '" + value.asText() + "' does not match " + rule.get("pattern"));
        }
        if (rule.has("minimum") && value.isNumber() && value.asLong() < rule.get("minimum").asLong()) {
            errors.add(where + ": " + value + " is below " + rule.get("minimum"));
        }
        if (value.isObject()) {
            texts(rule.path("required")).stream().filter(r -> !value.has(r))
                    .forEach(r -> errors.add(where + ": missing " + r));
            for (String field : fieldNames(value)) {
                JsonNode property = rule.path("properties").get(field);
                if (property != null) {
                    validate(value.get(field), property, where + "." + field, errors);
                } else if (!rule.path("additionalProperties").asBoolean(true)) {
                    errors.add(where + ": unexpected " + field);
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

    private static List<String> texts(JsonNode array) {
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
