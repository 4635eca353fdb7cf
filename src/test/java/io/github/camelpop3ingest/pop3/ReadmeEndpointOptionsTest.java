package io.github.camelpop3ingest.pop3;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.exchange.IngestExchange;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code pop3-ingest:} option and header tables say what the generated component metadata says, and the
 * metadata ships where Camel's tooling looks for it.
 */
class ReadmeEndpointOptionsTest {

    /** Where camel-package-maven-plugin puts the metadata: META-INF, the component's package, the scheme. */
    static final String METADATA = "META-INF/io/github/camelpop3ingest/pop3/pop3-ingest.json";

    @Test
    void camelFindsTheGeneratedMetadataOnTheClasspath() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(METADATA)) {
            assertThat(in).as(METADATA).isNotNull();
        }
        // Camel looks for it through the component's class, as its catalog and tooling do.
        DefaultCamelContext context = new DefaultCamelContext();
        try {
            assertThat(((CatalogCamelContext) context).getComponentParameterJsonSchema(Pop3IngestComponent.SCHEME))
                    .as("the schema Camel resolves for pop3-ingest").isEqualTo(metadataText());
        } finally {
            context.close();
        }
    }

    @Test
    void everyOptionOfTheEndpointHasItsReadmeRowWithDefaultAndDescription() throws Exception {
        String section = readmeSection();
        JsonNode properties = metadata().get("properties");
        assertThat(properties.size()).isPositive();
        for (Map.Entry<String, JsonNode> option : properties.properties()) {
            String name = option.getKey();
            if (declaredByPop3IngestEndpoint(name)) {
                JsonNode o = option.getValue();
                String row = "| `" + name + "` | " + defaultCell(o) + " | " + o.get("label").asText() + " | "
                        + o.get("description").asText().replace("|", "\\|") + " |";
                assertThat(section).as("README row for the option %s", name).contains(row);
            } else {
                // Camel's own consumer and scheduled-poll options: named, their docs are Camel's.
                assertThat(section).as("README mention of Camel's option %s", name).contains("`" + name + "`");
            }
        }
    }

    @Test
    void everyHeaderHasItsReadmeRow() throws Exception {
        String section = readmeSection();
        JsonNode headers = metadata().get("headers");
        assertThat(headers.size()).isEqualTo(declaredHeaders());
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            JsonNode h = header.getValue();
            String row = "| `" + header.getKey() + "` | `" + h.get("javaType").asText() + "` | "
                    + h.get("description").asText().replace("|", "\\|") + " |";
            assertThat(section).as("README row for the header %s", header.getKey()).contains(row);
        }
    }

    private static String defaultCell(JsonNode option) {
        if (option.hasNonNull("defaultValue")) {
            return "`" + option.get("defaultValue").asText() + "`";
        }
        return option.get("required").asBoolean() ? "(required)" : "not set";
    }

    private static boolean declaredByPop3IngestEndpoint(String option) {
        return declaredBy(Pop3IngestEndpoint.class, option) || declaredBy(Pop3IngestConfiguration.class, option);
    }

    private static boolean declaredBy(Class<?> type, String option) {
        try {
            Field field = type.getDeclaredField(option);
            return field.isAnnotationPresent(UriParam.class) || field.isAnnotationPresent(UriPath.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    private static int declaredHeaders() {
        int count = 0;
        for (Field field : IngestExchange.class.getDeclaredFields()) {
            if (field.isAnnotationPresent(Metadata.class)) {
                count++;
            }
        }
        return count;
    }

    private static String readmeSection() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String start = "## Using the plugin in your own Camel app";
        int from = readme.indexOf(start);
        assertThat(from).as("README section '%s'", start).isNotNegative();
        int to = readme.indexOf("\n## ", from + start.length());
        return to < 0 ? readme.substring(from) : readme.substring(from, to);
    }

    private JsonNode metadata() throws Exception {
        return new ObjectMapper().readTree(metadataText());
    }

    private String metadataText() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(METADATA)) {
            assertThat(in).as(METADATA).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
