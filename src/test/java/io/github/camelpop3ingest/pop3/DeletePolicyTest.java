package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DeletePolicyTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    private String uri(String delete) {
        return "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                + "&delay=60000&initialDelay=0&delete=" + delete;
    }

    @Test
    void keepLeavesEveryMessageOnTheServer() throws Exception {
        server.deliverText(3);
        try (IntakeContext intake = IntakeContext.start(uri("keep"), tmp.resolve("archive"))) {
            assertThat(intake.awaitPolls(1).processed()).isEqualTo(3);
        }
        assertThat(server.count("DELE")).isZero();
        assertThat(server.messagesOnServer()).isEqualTo(3);
    }

    @Test
    void afterProcessingDeletesInTheSameSessionOnceArchived() throws Exception {
        server.deliverText(3);
        try (IntakeContext intake = IntakeContext.start(uri("after-processing"), tmp.resolve("archive"))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(poll.processed()).isEqualTo(3);
            assertThat(poll.deleted()).isEqualTo(3);
        }
        assertThat(server.count("DELE")).isEqualTo(3);
        assertThat(server.messagesOnServer()).isZero();
    }

    @Test
    void afterDaysDeletesOnlyOnceTheAgeIsReached() throws Exception {
        server.deliverText(2);
        try (IntakeContext intake = IntakeContext.start(uri("after-days:2"), tmp.resolve("archive"))) {
            assertThat(intake.awaitPolls(1).processed()).isEqualTo(2);
        }
        assertThat(server.messagesOnServer()).isEqualTo(2);

        Clock oneDayLater = Clock.fixed(Instant.now().plus(Duration.ofDays(1)), ZoneOffset.UTC);
        try (IntakeContext intake = start(uri("after-days:2"), oneDayLater)) {
            assertThat(intake.awaitPolls(1).deleted()).isZero();
        }
        assertThat(server.messagesOnServer()).isEqualTo(2);

        Clock threeDaysLater = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);
        server.clearCommands();
        try (IntakeContext intake = start(uri("after-days:2"), threeDaysLater)) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(poll.deleted()).isEqualTo(2);
            assertThat(poll.fetched()).isZero();
        }
        assertThat(server.count("RETR")).isZero();
        assertThat(server.messagesOnServer()).isZero();
    }

    @Test
    void sweepDeletesMessagesWhoseDeletionWasLostBeforeQuit() throws Exception {
        server.deliverText(4);
        server.dropAtQuit(true);
        try (IntakeContext intake = IntakeContext.start(uri("after-processing"), tmp.resolve("archive"))) {
            assertThat(intake.awaitPolls(1).processed()).isEqualTo(4);
        }
        // The session ended without QUIT: the server kept every message although each was archived and confirmed.
        assertThat(server.messagesOnServer()).isEqualTo(4);

        server.dropAtQuit(false);
        server.clearCommands();
        try (IntakeContext intake = IntakeContext.start(uri("after-processing"), tmp.resolve("archive"))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(poll.skipped()).isEqualTo(4);
            assertThat(poll.deleted()).isEqualTo(4);
        }
        assertThat(server.count("RETR")).isZero();
        assertThat(server.count("DELE")).isEqualTo(4);
        assertThat(server.messagesOnServer()).isZero();
    }

    private IntakeContext start(String uri, Clock clock) throws Exception {
        return IntakeContext.start(uri, tmp.resolve("archive"), Pop3IngestComponent.SCHEME,
                new Pop3IngestComponent().withClocks(clock, Clock.systemUTC()));
    }
}
