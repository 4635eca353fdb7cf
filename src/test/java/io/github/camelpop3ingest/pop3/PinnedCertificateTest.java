package io.github.camelpop3ingest.pop3;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * With pins set, a poll reaches the server only when its certificate matches one of them, on top of chain and
 * host-name verification; a mismatch names the server and shows the fingerprints it presented.
 */
class PinnedCertificateTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    private X509Certificate certificate;

    @BeforeEach
    void readServerCertificate() throws Exception {
        try (InputStream in = Files.newInputStream(RecordingPop3Server.certificate())) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        server.deliverText(2);
    }

    @Test
    void certificatePinInColonHexLetsThePollThrough() throws Exception {
        String pin = "sha256:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(certificate.getEncoded()));
        try (IntakeContext intake = IntakeContext.start(uri(pin), tmp.resolve("archive"))) {
            intake.awaitPolls(1);
            assertThat(intake.failures()).isEmpty();
            assertThat(intake.processed()).isEqualTo(2);
        }
    }

    @Test
    void publicKeyPinInBase64LetsThePollThroughAmongOtherPins() throws Exception {
        String spki = Base64.getEncoder().encodeToString(sha256(certificate.getPublicKey().getEncoded()));
        String pins = "sha256:" + "00".repeat(32) + ", spki-sha256:" + spki;
        try (IntakeContext intake = IntakeContext.start(uri(pins), tmp.resolve("archive"))) {
            intake.awaitPolls(1);
            assertThat(intake.failures()).isEmpty();
            assertThat(intake.processed()).isEqualTo(2);
        }
    }

    @Test
    void wrongPinRefusesTheServerBeforeLoginShowingWhatItPresented() throws Exception {
        String wrong = "sha256:" + HexFormat.of().formatHex(sha256("another server".getBytes()));
        String presented = HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(certificate.getEncoded()));
        try (IntakeContext intake = IntakeContext.start(uri(wrong), tmp.resolve("archive"))) {
            // The refused handshake ends GreenMail's session thread with an exception, which is the point here.
            await().dontCatchUncaughtExceptions().until(() -> !intake.polls().isEmpty());
            assertThat(intake.failures()).singleElement().satisfies(e -> assertThat(e.getMessage())
                    .contains("localhost:" + server.port())
                    .contains("matches none of the 1 pins of the pin option")
                    .contains("sha256:" + presented)
                    .doesNotContain(RecordingPop3Server.PASSWORD));
            assertThat(intake.processed()).isZero();
        }
        assertThat(server.commands()).doesNotContain("USER", "PASS", "AUTH", "RETR");
    }

    @Test
    void malformedPinFailsAtStartupNamingTheOption() {
        assertThatThrownBy(() -> IntakeContext.start(uri("sha256:abc"), tmp.resolve("archive")).close())
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pin option of pop3-ingest:localhost")
                .hasMessageContaining("'sha256:abc' is not a SHA-256 digest");
        assertThatThrownBy(() -> IntakeContext.start(uri("md5:" + "00".repeat(16)), tmp.resolve("archive")).close())
                .rootCause()
                .hasMessageContaining("pin option of pop3-ingest:localhost")
                .hasMessageContaining("must start with sha256:");
        assertThat(server.commands()).isEmpty();
    }

    private String uri(String pins) {
        return "pop3-ingest:localhost?" + server.endpointOptions() + "&pin=RAW(" + pins + ")&stateDir="
                + tmp.resolve("state") + "&delay=60000&initialDelay=0";
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
