package io.github.camelpop3ingest.main;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With a mailbox list, the single mailbox's security settings would be ignored (each mailbox of the list has its own
 * keys), so setting one is refused, naming it, instead of being silently dropped.
 */
class SingleMailboxSettingsWithAListTest {

    @TempDir
    Path work;

    private IngestSettings settings(IngestSetting setting, String value) {
        Map<String, String> values = Map.of(
                IngestSetting.MAILBOXES_FILE.key(), work.resolve("mailboxes.properties").toString(),
                IngestSetting.ARCHIVE_DIR.key(), work.resolve("archive").toString(),
                IngestSetting.STATE_DIR.key(), work.resolve("state").toString(),
                IngestSetting.QUARANTINE_DIR.key(), work.resolve("quarantine").toString(),
                setting.key(), value);
        return IngestSettings.resolve(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void securitySettingsOfTheSingleMailboxAreRefusedBesideAList() {
        assertThatThrownBy(() -> settings(IngestSetting.POP3_SECURITY, "stls").validate())
                .hasMessageContaining("ingest.pop3.security (INGEST_POP3_SECURITY) is set too");
        assertThatThrownBy(() -> settings(IngestSetting.POP3_ALLOW_PLAINTEXT, "true").validate())
                .hasMessageContaining("INGEST_POP3_ALLOW_PLAINTEXT) is set too");
        assertThatThrownBy(() -> settings(IngestSetting.POP3_UIDL_FALLBACK, "message-id").validate())
                .hasMessageContaining("INGEST_POP3_UIDL_FALLBACK) is set too");
    }
}
