package io.github.camelpop3ingest.interop;

import java.nio.file.Path;
import java.util.List;

import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.IntakeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DovecotPop3sDrainInteropTest {

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path tmp;

    @Test
    void drainsOverPop3sAndRepollSendsNoTopOrRetr() throws Exception {
        List<byte[]> seeded = dovecot.deliverText(20);
        String uri = "pop3-ingest:localhost?port=" + dovecot.port() + "&username=" + DovecotServer.USER
                + "&password=RAW(" + DovecotServer.PASSWORD + ")&truststore=" + dovecot.certificate()
                + "&stateDir=" + tmp.resolve("state") + "&delay=300&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
            Pop3PollResult first = intake.awaitPolls(1);
            assertThat(first.processed()).isEqualTo(20);
            assertThat(first.failed()).isZero();

            Pop3PollResult second = intake.awaitPolls(2);
            assertThat(second.skipped()).isEqualTo(20);
            assertThat(second.fetched()).isZero();
            assertThat(intake.failures()).isEmpty();
        }

        assertThat(ArchivedMessages.in(tmp.resolve("archive")))
                .containsExactlyInAnyOrderElementsOf(ArchivedMessages.asText(seeded));
        List<DovecotServer.Session> sessions = dovecot.awaitSessions(2);
        assertThat(sessions.get(0)).extracting(DovecotServer.Session::reason, DovecotServer.Session::retr,
                DovecotServer.Session::top).containsExactly("Logged out", 20, 0);
        assertThat(sessions.get(1)).extracting(DovecotServer.Session::reason, DovecotServer.Session::retr,
                DovecotServer.Session::top, DovecotServer.Session::del).containsExactly("Logged out", 0, 0, 0);
        assertThat(dovecot.messagesOnServer()).isEqualTo(20);
    }
}
