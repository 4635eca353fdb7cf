package io.github.camelpop3ingest.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.IntakeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DovecotRestartMidDrainInteropTest {

    private static final int MESSAGES = 60;
    private static final int ARCHIVED_BEFORE_STOP = 25;

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path tmp;

    @Test
    void drainInterruptedByARestartCompletesWithNothingLostOrArchivedTwice() throws Exception {
        List<byte[]> seeded = dovecot.deliverText(MESSAGES);
        String uri = "pop3-ingest:localhost?port=" + dovecot.port() + "&username=" + DovecotServer.USER
                + "&password=RAW(" + DovecotServer.PASSWORD + ")&truststore=" + dovecot.certificate()
                + "&stateDir=" + tmp.resolve("state") + "&delay=200&initialDelay=0";
        ArchiveThenAct stopping = new ArchiveThenAct(tmp.resolve("archive"), ARCHIVED_BEFORE_STOP, dovecot::stop);
        int beforeRestart;
        try (IntakeContext intake = IntakeContext.start(uri, stopping, null, null)) {
            // Messages already spooled ahead when the server went away are whole and get archived too.
            beforeRestart = intake.awaitPolls(1).processed();
            assertThat(beforeRestart).isBetween(ARCHIVED_BEFORE_STOP, MESSAGES - 1);
            assertThat(intake.failures()).isNotEmpty();

            dovecot.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> intake.processed() == MESSAGES);
            assertThat(stopping.getArchivedCount()).isEqualTo(MESSAGES);
        }

        assertThat(ArchivedMessages.in(tmp.resolve("archive")))
                .containsExactlyInAnyOrderElementsOf(ArchivedMessages.asText(seeded));
        // The session after the restart retrieved exactly the messages the cut-off one had not confirmed.
        assertThat(dovecot.sessions()).extracting(DovecotServer.Session::retr)
                .contains(MESSAGES - beforeRestart);
        assertThat(dovecot.messagesOnServer()).isEqualTo(MESSAGES);
    }
}
