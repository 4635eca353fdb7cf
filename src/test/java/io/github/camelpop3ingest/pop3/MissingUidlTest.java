package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;

import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MissingUidlTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    @Test
    void serverWithoutUidlFailsThePollNamingTheServerAndFetchesNothing() throws Exception {
        server.deliverText(2);
        server.refuse("UIDL");
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                + "&delay=60000&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
            intake.awaitPolls(1);
            assertThat(intake.failures()).singleElement().satisfies(e -> assertThat(e.getMessage())
                    .contains("localhost:" + server.port())
                    .contains("does not support UIDL")
                    .contains("uidlFallback=message-id"));
        }
        assertThat(server.count("RETR")).isZero();
    }

    @Test
    void messageIdFallbackKeysOnTheHeaderAndSkipsOnRepoll() throws Exception {
        server.deliverText(2);
        server.refuse("UIDL");
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                + "&delay=100&initialDelay=0&uidlFallback=message-id";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
            assertThat(intake.awaitPolls(1).processed()).isEqualTo(2);
            server.clearCommands();
            Pop3PollResult second = intake.awaitPolls(2);
            assertThat(second.skipped()).isEqualTo(2);
            assertThat(second.fetched()).isZero();
            assertThat(intake.failures()).isEmpty();
        }
        // Only the headers are read again: GreenMail offers no TOP, so Angus reads them with RETR.
        assertThat(server.count("RETR") + server.count("TOP")).isEqualTo(2);
    }
}
