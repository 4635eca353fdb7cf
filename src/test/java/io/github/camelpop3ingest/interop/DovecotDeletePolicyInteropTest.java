package io.github.camelpop3ingest.interop;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.camelpop3ingest.pop3.Pop3IngestComponent;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DovecotDeletePolicyInteropTest {

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path tmp;

    private String uri(String delete) {
        return "pop3-ingest:localhost?port=" + dovecot.port() + "&username=" + DovecotServer.USER
                + "&password=RAW(" + DovecotServer.PASSWORD + ")&truststore=" + dovecot.certificate()
                + "&stateDir=" + tmp.resolve("state") + "&delay=60000&initialDelay=0&delete=" + delete;
    }

    @Test
    void keepLeavesEveryMessageInTheMaildir() throws Exception {
        dovecot.deliverText(3);
        try (IntakeContext intake = IntakeContext.start(uri("keep"), tmp.resolve("archive"))) {
            assertThat(intake.awaitPolls(1).processed()).isEqualTo(3);
        }
        assertThat(dovecot.awaitSessions(1).get(0).del()).isZero();
        assertThat(dovecot.messagesOnServer()).isEqualTo(3);
    }

    @Test
    void afterProcessingExpungesAtQuit() throws Exception {
        dovecot.deliverText(3);
        try (IntakeContext intake = IntakeContext.start(uri("after-processing"), tmp.resolve("archive"))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(poll.processed()).isEqualTo(3);
            assertThat(poll.deleted()).isEqualTo(3);
        }
        assertThat(dovecot.awaitSessions(1).get(0)).extracting(DovecotServer.Session::reason,
                DovecotServer.Session::del).containsExactly("Logged out", 3);
        assertThat(dovecot.messagesOnServer()).isZero();
    }

    @Test
    void afterDaysDeletesOncePastTheAgeWithoutFetchingAgain() throws Exception {
        dovecot.deliverText(3);
        ManualClock clock = new ManualClock(Instant.now());
        String uri = uri("after-days:30");
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"), Pop3IngestComponent.SCHEME,
                new Pop3IngestComponent().withClocks(clock, Clock.systemUTC()))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(poll.processed()).isEqualTo(3);
            assertThat(poll.deleted()).isZero();
        }
        clock.advance(Duration.ofDays(29));
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"), Pop3IngestComponent.SCHEME,
                new Pop3IngestComponent().withClocks(clock, Clock.systemUTC()))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(poll.skipped()).isEqualTo(3);
            assertThat(poll.deleted()).isZero();
        }
        assertThat(dovecot.messagesOnServer()).isEqualTo(3);
        clock.advance(Duration.ofDays(2));
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"), Pop3IngestComponent.SCHEME,
                new Pop3IngestComponent().withClocks(clock, Clock.systemUTC()))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(poll.skipped()).isEqualTo(3);
            assertThat(poll.deleted()).isEqualTo(3);
        }
        assertThat(dovecot.awaitSessions(3)).extracting(DovecotServer.Session::retr, DovecotServer.Session::del)
                .containsExactly(tuple(3, 0), tuple(0, 0), tuple(0, 3));
        assertThat(dovecot.messagesOnServer()).isZero();
    }

    @Test
    void sweepDeletesWhatASessionDroppedBeforeQuitLeftBehind() throws Exception {
        dovecot.deliverText(4);
        // Cut the session off once the last message is archived: its DELEs and QUIT never reach Dovecot.
        ArchiveThenAct dropping = new ArchiveThenAct(tmp.resolve("archive"), 4, dovecot::dropSessions);
        try (IntakeContext intake = IntakeContext.start(uri("after-processing"), dropping, null, null)) {
            assertThat(intake.awaitPolls(1).processed()).isEqualTo(4);
        }
        assertThat(dovecot.messagesOnServer()).isEqualTo(4);

        try (IntakeContext intake = IntakeContext.start(uri("after-processing"), tmp.resolve("archive"))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(poll.skipped()).isEqualTo(4);
            assertThat(poll.deleted()).isEqualTo(4);
            assertThat(intake.failures()).isEmpty();
        }
        // The killed session logged no logout line; the sweep's session sent no RETR.
        assertThat(dovecot.awaitSessions(1)).singleElement().extracting(DovecotServer.Session::retr,
                DovecotServer.Session::del).containsExactly(0, 4);
        assertThat(dovecot.messagesOnServer()).isZero();
    }
}
