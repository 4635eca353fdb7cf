package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;

import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RepollSendsNoTopOrRetrTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    @Test
    void secondPollOfSeenMailboxSendsOneUidlAndNoTopOrRetr() throws Exception {
        server.deliverText(5);
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                + "&delay=200&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
            Pop3PollResult first = intake.awaitPolls(1);
            assertThat(first.processed()).isEqualTo(5);
            assertThat(server.count("RETR")).isEqualTo(5);
            assertThat(server.count("UIDL")).isEqualTo(1);

            server.clearCommands();
            Pop3PollResult second = intake.awaitPolls(2);

            assertThat(second.skipped()).isEqualTo(5);
            assertThat(second.fetched()).isZero();
            assertThat(server.count("UIDL")).isEqualTo(1);
            assertThat(server.count("TOP")).isZero();
            assertThat(server.count("RETR")).isZero();
            assertThat(server.count("LIST")).isZero();
        }
    }
}
