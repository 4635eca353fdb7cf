package io.github.camelpop3ingest.invoice;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code schema/invoice-extraction-1.schema.json} lists the fields of {@link InvoiceExtraction} in record order, each
 * described, and the Kamelet's JSON has exactly those fields, its invoices exactly the properties of the invoice
 * schema (which requires all but those added later within version 1).
 */
class InvoiceExtractionSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void schemaListsTheRecordFieldsInOrderWithDescriptions() throws Exception {
        JsonNode schema = schema("invoice-extraction-1.schema.json");
        List<String> components = Arrays.stream(InvoiceExtraction.class.getRecordComponents())
                .map(RecordComponent::getName).toList();

        assertThat(texts(schema.get("required"))).containsExactlyElementsOf(components);
        assertThat(fieldNames(schema.get("properties"))).containsExactlyElementsOf(components);
        schema.get("properties").forEach(p -> assertThat(p.path("description").asText()).isNotBlank());
        assertThat(schema.at("/properties/invoices/items/$ref").asText()).isEqualTo("invoice-1.schema.json");
    }

    @Test
    void kameletOutputHasTheSchemasFields() throws Exception {
        String yaml = """
                - route:
                    from:
                      uri: direct:extract
                      steps:
                        - to: kamelet:einvoice-extract-action
                """;
        Path eml = tmp.resolve("mail.eml");
        Files.write(eml, KameletEinvoiceExtractTest.mailWith("fx_en16931_businesscentral.pdf"));
        JsonNode result;
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("user.camel.yaml", yaml));
            context.start();
            result = JSON.readTree(context.createProducerTemplate().requestBody("direct:extract", eml.toFile(),
                    String.class));
        }

        assertThat(fieldNames(result)).containsExactlyElementsOf(
                texts(schema("invoice-extraction-1.schema.json").get("required")));
        assertThat(result.get("invoices")).singleElement().satisfies(invoice -> assertThat(fieldNames(invoice))
                .containsExactlyElementsOf(fieldNames(schema("invoice-1.schema.json").get("properties"))));
    }

    private static JsonNode schema(String name) throws Exception {
        try (InputStream in = InvoiceExtractionSchemaTest.class.getResourceAsStream("/schema/" + name)) {
            return JSON.readTree(in);
        }
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
