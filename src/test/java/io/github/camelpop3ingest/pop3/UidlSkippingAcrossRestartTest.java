package io.github.camelpop3ingest.pop3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class UidlSkippingAcrossRestartTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    @Test
    void restartedContextFetchesOnlyMessagesItHasNotProcessed() throws Exception {
        Path archive = tmp.resolve("archive");
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                + "&delay=60000&initialDelay=0";
        server.deliverText(3);
        try (IntakeContext first = IntakeContext.start(uri, archive)) {
            assertThat(first.awaitPolls(1).processed()).isEqualTo(3);
        }

        server.deliverText(2);
        server.clearCommands();
        try (IntakeContext second = IntakeContext.start(uri, archive)) {
            Pop3PollResult poll = second.awaitPolls(1);
            assertThat(poll.onServer()).isEqualTo(5);
            assertThat(poll.skipped()).isEqualTo(3);
            assertThat(poll.fetched()).isEqualTo(2);
            assertThat(poll.processed()).isEqualTo(2);
        }
        assertThat(server.count("RETR")).isEqualTo(2);
        assertThat(server.count("TOP")).isZero();
        try (Stream<Path> folders = Files.list(archive.resolve(server.account().replace(":", "%3A")))) {
            assertThat(folders.filter(p -> !p.getFileName().toString().startsWith("."))).hasSize(5);
        }
    }
}
