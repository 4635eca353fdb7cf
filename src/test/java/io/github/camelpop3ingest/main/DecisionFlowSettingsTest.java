package io.github.camelpop3ingest.main;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validation, review and notice settings are checked at startup, each failure naming the setting. */
class DecisionFlowSettingsTest {

    @TempDir
    Path work;

    private IngestSettings settings(String... pairs) {
        Map<String, String> values = new HashMap<>();
        values.put(IngestSetting.ARCHIVE_DIR.key(), work.resolve("archive").toString());
        values.put(IngestSetting.STATE_DIR.key(), work.resolve("state").toString());
        values.put(IngestSetting.QUARANTINE_DIR.key(), work.resolve("quarantine").toString());
        values.put(IngestSetting.REVIEW_DIR.key(), work.resolve("review").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return IngestSettings.resolve(key -> Optional.ofNullable(values.get(key)));
    }

    private static final String[] NOTICE_ON = {"ingest.validation", "true", "ingest.notice", "true",
            "ingest.notice.from", "ap@buyer.example", "ingest.smtp.host", "localhost"};

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void theDefaultsAndAFullNoticeSetupPass() {
        assertThatCode(() -> settings().validate()).doesNotThrowAnyException();
        assertThatCode(() -> settings(with(NOTICE_ON, "ingest.smtp.username", "ap", "ingest.smtp.password", "pw"))
                .validate()).doesNotThrowAnyException();
    }

    @Test
    void validationWithoutAReviewSinkIsRefused() {
        assertThatThrownBy(() -> settings("ingest.validation", "true", "ingest.review.sinks", "").validate())
                .hasMessageContaining("ingest.review.sinks (INGEST_REVIEW_SINKS) is empty");
        assertThatThrownBy(() -> settings("ingest.validation", "true", "ingest.review.sinks", "file,ftp").validate())
                .hasMessageContaining("INGEST_REVIEW_SINKS").hasMessageContaining("'ftp'");
    }

    @Test
    void aValueThatIsNotABooleanIsNamed() {
        assertThatThrownBy(() -> settings("ingest.validation", "yes").validate())
                .hasMessageContaining("ingest.validation (INGEST_VALIDATION) 'yes' must be true or false");
    }

    @Test
    void noticesNeedValidationASenderAndAServer() {
        assertThatThrownBy(() -> settings("ingest.notice", "true").validate())
                .hasMessageContaining("INGEST_NOTICE").hasMessageContaining("INGEST_VALIDATION");
        assertThatThrownBy(() -> settings(with(NOTICE_ON, "ingest.notice.from", "")).validate())
                .hasMessageContaining("ingest.notice.from (INGEST_NOTICE_FROM) is empty");
        assertThatThrownBy(() -> settings(with(NOTICE_ON, "ingest.notice.from", "not an address")).validate())
                .hasMessageContaining("INGEST_NOTICE_FROM").hasMessageContaining("'not an address'");
        assertThatThrownBy(() -> settings(with(NOTICE_ON, "ingest.smtp.host", "")).validate())
                .hasMessageContaining("ingest.smtp.host (INGEST_SMTP_HOST) is empty");
        assertThatThrownBy(() -> settings(with(NOTICE_ON, "ingest.smtp.port", "99999")).validate())
                .hasMessageContaining("INGEST_SMTP_PORT");
        assertThatThrownBy(() -> settings(with(NOTICE_ON, "ingest.smtp.security", "ssl")).validate())
                .hasMessageContaining("INGEST_SMTP_SECURITY").hasMessageContaining("smtps, starttls or plain");
    }

    @Test
    void aPasswordNeverTravelsInClear() {
        assertThatThrownBy(() -> settings(with(NOTICE_ON, "ingest.smtp.security", "plain",
                "ingest.smtp.username", "ap", "ingest.smtp.password", "Secret-77")).validate())
                .hasMessageContaining("INGEST_SMTP_SECURITY").hasMessageContaining("in clear")
                .hasMessageNotContaining("Secret-77");
        assertThatCode(() -> settings(with(NOTICE_ON, "ingest.smtp.security", "plain", "ingest.smtp.port", "25"))
                .validate()).doesNotThrowAnyException();
    }
}
