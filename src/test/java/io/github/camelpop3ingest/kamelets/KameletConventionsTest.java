package io.github.camelpop3ingest.kamelets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Kamelet the jar ships follows the Apache Camel Kamelet catalog's conventions: named
 * {@code <system>-<qualifier>-<source|sink|action>} in a file of that name, typed properties with title, description
 * and a default or an example, secrets as {@code format: password} in the credentials group, a source ending in
 * {@code kamelet:sink}; and its template uses exactly the properties it declares.
 */
class KameletConventionsTest {

    private static final Path KAMELETS = Path.of("src/main/resources/kamelets");
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*-(source|sink|action)$");
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token)$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\?)?([^}]+)}}");
    private static final String CREDENTIALS = "urn:camel:group:credentials";

    static List<Path> kamelets() throws IOException {
        try (Stream<Path> files = Files.list(KAMELETS)) {
            List<Path> found = files.filter(Files::isRegularFile).sorted().toList();
            assertThat(found).as("Kamelets in " + KAMELETS).isNotEmpty();
            return found;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kamelets")
    void nameTypeAndFileAgree(Path file) throws IOException {
        Map<String, Object> kamelet = load(file);
        String name = (String) map(kamelet, "metadata").get("name");

        assertThat(kamelet).containsEntry("apiVersion", "camel.apache.org/v1").containsEntry("kind", "Kamelet");
        assertThat(file.getFileName().toString()).isEqualTo(name + ".kamelet.yaml");
        Matcher matcher = NAME.matcher(name);
        assertThat(matcher.matches()).as(name + " matches " + NAME).isTrue();
        assertThat(map(map(kamelet, "metadata"), "labels"))
                .containsEntry("camel.apache.org/kamelet.type", matcher.group(2));
        assertThat(map(map(kamelet, "metadata"), "annotations")).containsKeys(
                "camel.apache.org/kamelet.support.level", "camel.apache.org/provider", "camel.apache.org/kamelet.group");
        Map<String, Object> definition = map(map(kamelet, "spec"), "definition");
        assertThat((String) definition.get("title")).isNotBlank();
        assertThat((String) definition.get("description")).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kamelets")
    void everyPropertyIsTypedAndDescribedWithADefaultOrAnExample(Path file) throws IOException {
        Map<String, Object> definition = map(map(load(file), "spec"), "definition");
        Map<String, Object> properties = map(definition, "properties");

        assertThat(new ArrayList<Object>(properties(definition))).containsAll(list(definition, "required"));
        properties.forEach((name, value) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> property = (Map<String, Object>) value;
            assertThat(property).as(name).containsKeys("title", "description", "type");
            assertThat((String) property.get("title")).as(name).isNotBlank();
            assertThat((String) property.get("description")).as(name).isNotBlank();
            assertThat(property.containsKey("default") || property.containsKey("example"))
                    .as(name + " has a default or an example").isTrue();
            if (property.containsKey("default")) {
                assertThat(hasType(property.get("default"), (String) property.get("type")))
                        .as(name + " default " + property.get("default") + " is a " + property.get("type")).isTrue();
            }
            if (property.containsKey("enum") && property.containsKey("default")) {
                assertThat(list(property, "enum")).as(name).contains(property.get("default"));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kamelets")
    void secretsAreMaskedPasswordsInTheCredentialsGroup(Path file) throws IOException {
        Map<String, Object> properties = map(map(map(load(file), "spec"), "definition"), "properties");

        properties.forEach((name, value) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> property = (Map<String, Object>) value;
            if (SECRET.matcher(name).matches()) {
                assertThat(property).as(name).containsEntry("format", "password");
            }
            if ("password".equals(property.get("format"))) {
                assertThat(list(property, "x-descriptors")).as(name).contains(CREDENTIALS);
                assertThat(property.get("example")).as(name + " shows no example secret").isNull();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kamelets")
    void templateUsesExactlyTheDeclaredProperties(Path file) throws IOException {
        Map<String, Object> spec = map(load(file), "spec");
        Map<String, Object> definition = map(spec, "definition");
        Map<String, Object> template = map(spec, "template");
        Set<String> beans = new LinkedHashSet<>();
        if (template.get("beans") instanceof List<?> declared) {
            declared.forEach(b -> beans.add((String) ((Map<?, ?>) b).get("name")));
        }
        Set<String> used = new LinkedHashSet<>();
        Matcher placeholders = PLACEHOLDER.matcher(render(template));
        while (placeholders.find()) {
            String name = placeholders.group(2);
            boolean optional = placeholders.group(1) != null;
            if (beans.contains(name)) {
                continue;
            }
            used.add(name);
            @SuppressWarnings("unchecked")
            Map<String, Object> property = (Map<String, Object>) map(definition, "properties").get(name);
            assertThat(property).as("{{" + name + "}} is a declared property").isNotNull();
            if (!optional && !list(definition, "required").contains(name)) {
                assertThat(property).as("{{" + name + "}} is neither required, optional ({{?...}}) nor defaulted")
                        .containsKey("default");
            }
        }
        assertThat(used).as("properties used by the template").containsExactlyInAnyOrderElementsOf(properties(definition));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kamelets")
    void sourcesEndInTheSinkAndOthersStartAtTheSource(Path file) throws IOException {
        Map<String, Object> kamelet = load(file);
        String type = (String) map(map(kamelet, "metadata"), "labels").get("camel.apache.org/kamelet.type");
        Map<String, Object> from = map(map(map(kamelet, "spec"), "template"), "from");
        List<Object> steps = list(from, "steps");

        assertThat(steps).isNotEmpty();
        if ("source".equals(type)) {
            assertThat(steps.get(steps.size() - 1)).isEqualTo(Map.of("to", "kamelet:sink"));
            assertThat((String) from.get("uri")).doesNotStartWith("kamelet:");
        } else {
            assertThat(from.get("uri")).isEqualTo("kamelet:source");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        assertThat(child).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) child;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        return child == null ? List.of() : (List<Object>) child;
    }

    private static Set<String> properties(Map<String, Object> definition) {
        return definition.get("properties") == null ? Set.of() : map(definition, "properties").keySet();
    }

    /** Every string in the template, for its placeholders. */
    private static String render(Object node) {
        List<String> strings = new ArrayList<>();
        collect(node, strings);
        return String.join("\n", strings);
    }

    private static void collect(Object node, List<String> strings) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                strings.add(String.valueOf(k));
                collect(v, strings);
            });
        } else if (node instanceof List<?> l) {
            l.forEach(item -> collect(item, strings));
        } else if (node != null) {
            strings.add(node.toString());
        }
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "boolean" -> value instanceof Boolean;
            default -> throw new IllegalArgumentException("type " + type + " not supported by this test");
        };
    }
}
