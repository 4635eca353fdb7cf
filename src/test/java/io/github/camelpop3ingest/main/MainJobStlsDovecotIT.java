package io.github.camelpop3ingest.main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.MainJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INGEST_POP3_SECURITY=stls makes the jar drain Dovecot's plain port after STLS, which Dovecot requires before any
 * login there (disable_plaintext_auth), so the drain proves the upgrade happened.
 */
class MainJobStlsDovecotIT {

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path work;

    @Test
    void theJobDrainsThePlainPortAfterStls() throws Exception {
        dovecot.deliverText(3);
        MainJob job = MainJob.forDovecot(dovecot, work)
                .env("INGEST_POP3_SECURITY", "stls")
                .env("INGEST_POP3_PORT", String.valueOf(dovecot.stlsPort()));
        Process p = job.start("stls");
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(job.stderr("stls")).isZero();
        assertThat(job.lastLine("stls")).startsWith("fetched=3 skipped=0 archived=3 failed=0 ");
        assertThat(job.stderr("stls")).contains("(stls, auth user)");
        try (Stream<Path> emls = Files.walk(work.resolve("archive"))) {
            assertThat(emls.filter(f -> f.getFileName().toString().equals("message.eml"))).hasSize(3);
        }
        assertThat(Files.readAllLines(dovecot.log()))
                .filteredOn(line -> line.contains("Login: user=<" + DovecotServer.USER + ">"))
                .singleElement().asString().contains(", TLS,");
    }
}
