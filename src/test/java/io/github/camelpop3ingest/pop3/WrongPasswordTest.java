package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;

import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class WrongPasswordTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    @Test
    void wrongPasswordEndsInALoginErrorNamingTheMailboxNotTheSecret() throws Exception {
        server.deliverText(1);
        String wrong = "not-the-Pa55word";
        String uri = "pop3-ingest:localhost?port=" + server.port() + "&username=" + RecordingPop3Server.USER
                + "&password=RAW(" + wrong + ")&truststore=" + RecordingPop3Server.certificate()
                + "&stateDir=" + tmp.resolve("state") + "&delay=60000&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
            intake.awaitPolls(1);
            assertThat(intake.failures()).singleElement().satisfies(e -> {
                assertThat(e).isInstanceOf(Pop3LoginException.class);
                assertThat(e.getMessage()).startsWith("Login to " + server.account() + " failed")
                        .doesNotContain(wrong);
            });
        }
        assertThat(server.count("RETR")).isZero();
    }
}
