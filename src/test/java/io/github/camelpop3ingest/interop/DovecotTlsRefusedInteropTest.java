package io.github.camelpop3ingest.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.IntakeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DovecotTlsRefusedInteropTest {

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path tmp;

    private String uri(String truststoreOption) {
        return "pop3-ingest:localhost?port=" + dovecot.port() + "&username=" + DovecotServer.USER
                + "&password=RAW(" + DovecotServer.PASSWORD + ")" + truststoreOption
                + "&stateDir=" + tmp.resolve("state") + "&delay=60000&initialDelay=0";
    }

    @Test
    void certificateNotSignedByTheJvmsCasIsRefused() throws Exception {
        dovecot.deliverText(2);
        try (IntakeContext intake = IntakeContext.start(uri(""), tmp.resolve("archive"))) {
            assertRefused(intake.awaitPolls(1));
            assertThat(intake.failures()).singleElement()
                    .satisfies(e -> assertThat(e).hasRootCauseInstanceOf(CertPathBuilderException.class))
                    .satisfies(e -> assertThat(e.getMessage()).contains("certification path"));
        }
        assertNothingFetched();
    }

    @Test
    void certificateForAnotherHostNameIsRefused() throws Exception {
        dovecot.deliverText(2);
        Path other = dovecot.workDir().resolve("other.p12");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=other.example", "-ext", "SAN=dns:other.example", "-storetype", "PKCS12",
                "-keystore", other.toString(), "-storepass", "changeit");
        dovecot.stop();
        dovecot.useKeyStore(other, "changeit");
        dovecot.start();
        // The certificate is trusted; only its name differs from the host the consumer connects to.
        try (IntakeContext intake = IntakeContext.start(uri("&truststore=" + dovecot.certificate()),
                tmp.resolve("archive"))) {
            assertRefused(intake.awaitPolls(1));
            // Refused for the name, before any command is sent. (Before Angus' fallback to an unchecked socket
            // factory was switched off, the retry without our truststore hid this behind a certification-path error.)
            assertThat(intake.failures()).singleElement()
                    .satisfies(e -> assertThat(e.getCause()).hasCauseInstanceOf(SSLHandshakeException.class))
                    .satisfies(e -> assertThat(e).hasStackTraceContaining("No subject alternative DNS name matching localhost"));
        }
        assertNothingFetched();
    }

    @Test
    void expiredCertificateIsRefused() throws Exception {
        dovecot.deliverText(2);
        Path expired = dovecot.workDir().resolve("expired.p12");
        // Valid for one day, starting three days ago: expired although trusted and for the right name.
        keytool("-genkeypair", "-alias", "expired", "-keyalg", "RSA", "-keysize", "2048", "-startdate", "-3d",
                "-validity", "1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", expired.toString(), "-storepass", "changeit");
        dovecot.stop();
        dovecot.useKeyStore(expired, "changeit");
        dovecot.start();
        try (IntakeContext intake = IntakeContext.start(uri("&truststore=" + dovecot.certificate()),
                tmp.resolve("archive"))) {
            assertRefused(intake.awaitPolls(1));
            assertThat(intake.failures()).singleElement()
                    .satisfies(e -> assertThat(e).hasStackTraceContaining("which is not now"));
        }
        assertNothingFetched();
    }

    @Test
    void pinMismatchIsRefusedAlthoughTheCertificateIsTrusted() throws Exception {
        dovecot.deliverText(2);
        String wrongPin = "sha256:" + "00".repeat(32);
        try (IntakeContext intake = IntakeContext.start(uri("&truststore=" + dovecot.certificate() + "&pin=" + wrongPin),
                tmp.resolve("archive"))) {
            assertRefused(intake.awaitPolls(1));
            assertThat(intake.failures()).singleElement()
                    .satisfies(e -> assertThat(e).hasStackTraceContaining("matches none of the 1 pins"));
        }
        assertNothingFetched();
    }

    private static void assertRefused(Pop3PollResult poll) {
        assertThat(poll.fetched()).isZero();
        assertThat(poll.processed()).isZero();
    }

    private void assertNothingFetched() throws Exception {
        assertThat(ArchivedMessages.in(tmp.resolve("archive"))).isEmpty();
        assertThat(dovecot.sessions()).isEmpty();
        assertThat(Files.readString(dovecot.log())).doesNotContain("Login: user=<alice>");
    }

    private static void keytool(String... args) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        String[] command = new String[args.length + 1];
        command[0] = keytool.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool said: %s", output).isZero();
    }
}
