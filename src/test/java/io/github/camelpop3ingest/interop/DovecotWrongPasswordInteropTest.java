package io.github.camelpop3ingest.interop;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.camelpop3ingest.pop3.Pop3LoginException;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.IntakeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DovecotWrongPasswordInteropTest {

    private static final String WRONG_PASSWORD = "not-alices-password";

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path tmp;

    @Test
    void wrongPasswordEndsThePollWithALoginErrorAndNoRetr() throws Exception {
        dovecot.deliverText(2);
        String uri = "pop3-ingest:localhost?port=" + dovecot.port() + "&username=" + DovecotServer.USER
                + "&password=RAW(" + WRONG_PASSWORD + ")&truststore=" + dovecot.certificate()
                + "&stateDir=" + tmp.resolve("state") + "&delay=60000&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(poll.fetched()).isZero();
            assertThat(intake.failures()).singleElement()
                    .isInstanceOf(Pop3LoginException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .contains("alice@localhost:" + dovecot.port())
                            .doesNotContain(WRONG_PASSWORD));
        }

        assertThat(ArchivedMessages.in(tmp.resolve("archive"))).isEmpty();
        // No session began, so no RETR could be sent; Dovecot logged the refused login instead.
        assertThat(dovecot.sessions()).isEmpty();
        assertThat(Files.readString(dovecot.log())).contains("auth failed").doesNotContain("Login: user=<alice>");
        assertThat(dovecot.messagesOnServer()).isEqualTo(2);
    }
}
