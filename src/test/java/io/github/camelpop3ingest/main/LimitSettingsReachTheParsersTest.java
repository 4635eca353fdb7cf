package io.github.camelpop3ingest.main;

import java.nio.file.Path;

import io.github.camelpop3ingest.invoice.ContainerLimits;
import io.github.camelpop3ingest.invoice.XmlLimits;
import io.github.camelpop3ingest.mime.MimeSplitter;
import io.github.camelpop3ingest.pop3.Pop3IngestEndpoint;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ingest.limit.* setting and ingest.max-failures reaches the bean or endpoint option it names through the
 * job's YAML beans and routes, and a limit that is no number stops the job naming the setting.
 */
class LimitSettingsReachTheParsersTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @Test
    void eachLimitSettingReachesItsParser() throws Exception {
        try (MainRoutes job = new MainRoutes(server, work)
                .set(IngestSetting.LIMIT_MIME_DEPTH, "7")
                .set(IngestSetting.LIMIT_XML_BYTES, "1001")
                .set(IngestSetting.LIMIT_XML_NODES, "1002")
                .set(IngestSetting.LIMIT_XML_DEPTH, "9")
                .set(IngestSetting.LIMIT_PDF_BYTES, "1003")
                .set(IngestSetting.LIMIT_PDF_OBJECTS, "1004")
                .set(IngestSetting.LIMIT_ENTRY_BYTES, "1005")
                .set(IngestSetting.LIMIT_ZIP_ENTRIES, "11")
                .set(IngestSetting.LIMIT_ZIP_TOTAL_BYTES, "1006")
                .set(IngestSetting.LIMIT_ZIP_RATIO, "12")
                .set(IngestSetting.LIMIT_ZIP_DEPTH, "3")
                .set(IngestSetting.MAX_FAILURES, "5")
                .start()) {
            var registry = job.context().getRegistry();
            assertThat(registry.lookupByNameAndType("mimeSplitter", MimeSplitter.class).getMaxDepth()).isEqualTo(7);
            assertThat(registry.lookupByNameAndType("xmlLimits", XmlLimits.class))
                    .isEqualTo(new XmlLimits(1001, 1002, 9));
            assertThat(registry.lookupByNameAndType("containerLimits", ContainerLimits.class))
                    .isEqualTo(new ContainerLimits(1003, 1005, 11, 1006, 12, 3, 1004));
            assertThat(job.context().getEndpoints()).filteredOn(Pop3IngestEndpoint.class::isInstance)
                    .singleElement().satisfies(e -> assertThat(((Pop3IngestEndpoint) e).getConfiguration().getMaxFailures()).isEqualTo(5));
        }
    }

    @Test
    void aLimitThatIsNoNumberIsNamed() {
        java.util.Map<String, String> values = java.util.Map.of(
                IngestSetting.LIMIT_XML_NODES.key(), "many",
                IngestSetting.ARCHIVE_DIR.key(), work.resolve("archive").toString(),
                IngestSetting.STATE_DIR.key(), work.resolve("state").toString(),
                IngestSetting.QUARANTINE_DIR.key(), work.resolve("quarantine").toString());
        IngestSettings settings = IngestSettings.resolve(key -> java.util.Optional.ofNullable(values.get(key)));
        org.assertj.core.api.Assertions.assertThatThrownBy(settings::validate)
                .hasMessageContaining("ingest.limit.xml-nodes (INGEST_LIMIT_XML_NODES) 'many'");
    }
}
