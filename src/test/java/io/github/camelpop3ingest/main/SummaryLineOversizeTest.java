package io.github.camelpop3ingest.main;

import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.sink.DeliveryOutcomes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The summary line counts messages over the size limit as oversize=N, only when there were any. */
class SummaryLineOversizeTest {

    private static final Pop3Account ACCOUNT = new Pop3Account("mail.example.com", 995, "u");

    @Test
    void oversizeAppearsOnlyWhenAMessageWasOverTheLimit() {
        IngestRun plain = new IngestRun(null, new DeliveryOutcomes());
        plain.pollFinished(ACCOUNT, new Pop3PollResult(3, 0, 3, 3, 0, 0, 100, 10, 10, 0), null);
        assertThat(plain.summaryLine()).startsWith("fetched=3 skipped=0 archived=3 failed=0 ").doesNotContain("oversize");

        IngestRun limited = new IngestRun(null, new DeliveryOutcomes());
        limited.pollFinished(ACCOUNT, new Pop3PollResult(3, 0, 1, 3, 0, 0, 100, 10, 10, 0, 2), null);
        assertThat(limited.summaryLine()).startsWith("fetched=1 skipped=0 archived=3 oversize=2 failed=0 ");
        assertThat(limited.exitCode()).isZero();
    }
}
