package io.github.camelpop3ingest.interop;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.IntakeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * authMechanism=plain logs in with SASL PLAIN (Dovecot's log names the mechanism) and drains the mailbox.
 */
class DovecotSaslPlainInteropTest {

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path tmp;

    @Test
    void saslPlainLoginDrainsTheMailbox() throws Exception {
        dovecot.deliverText(3);
        String uri = "pop3-ingest:localhost?port=" + dovecot.port() + "&username=" + DovecotServer.USER
                + "&password=RAW(" + DovecotServer.PASSWORD + ")&truststore=" + dovecot.certificate()
                + "&authMechanism=plain&stateDir=" + tmp.resolve("state") + "&delay=60000&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
            assertThat(intake.awaitPolls(1).processed()).isEqualTo(3);
        }
        assertThat(Files.readString(dovecot.log())).contains("method=PLAIN");
    }
}
