package io.github.camelpop3ingest.main;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table and the packaged camel-pop3-ingest.properties say what the code says.
 */
class ReadmeConfigurationTableTest {

    @Test
    void everySettingHasItsRowWithEnvironmentVariableAndDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        for (IngestSetting setting : IngestSetting.values()) {
            String def = setting.defaultValue().isEmpty() ? "(empty)" : "`" + setting.defaultValue() + "`";
            String row = "| `" + setting.key() + "` | `" + setting.envVar() + "` | " + def + " | "
                    + setting.description().replace("|", "\\|") + " |";
            assertThat(readme).as("README row for %s", setting.key()).contains(row);
        }
    }

    @Test
    void applicationPropertiesDeclaresEverySettingWithItsDefault() throws Exception {
        Properties props = new Properties();
        try (var in = getClass().getClassLoader().getResourceAsStream(IngestMain.PROPERTIES)) {
            props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        for (IngestSetting setting : IngestSetting.values()) {
            assertThat(props.getProperty(setting.key())).as(setting.key()).isEqualTo(setting.defaultValue());
        }
    }
}
