package io.github.camelpop3ingest.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.IntakeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DovecotStlsInteropTest {

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path tmp;

    @Test
    void stlsOnThePlainPortDrainsAndArchives() throws Exception {
        List<byte[]> seeded = dovecot.deliverText(3);
        // Dovecot refuses USER/PASS on this port before STLS (disable_plaintext_auth), so a drain proves the upgrade.
        String uri = "pop3-ingest:localhost?security=STLS&port=" + dovecot.stlsPort() + "&username="
                + DovecotServer.USER + "&password=RAW(" + DovecotServer.PASSWORD + ")&truststore="
                + dovecot.certificate() + "&stateDir=" + tmp.resolve("state") + "&delay=60000&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(intake.failures()).isEmpty();
            assertThat(poll.processed()).isEqualTo(3);
        }

        assertThat(ArchivedMessages.in(tmp.resolve("archive")))
                .containsExactlyInAnyOrderElementsOf(ArchivedMessages.asText(seeded));
        assertThat(dovecot.awaitSessions(1).get(0).retr()).isEqualTo(3);
        assertThat(Files.readAllLines(dovecot.log()))
                .filteredOn(line -> line.contains("Login: user=<" + DovecotServer.USER + ">"))
                .singleElement().asString().contains(", TLS,");
    }
}
