package io.github.camelpop3ingest.pop3;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pin property of the mail-pop3s-source Kamelet reaches the endpoint: a base64 public-key pin (with '+' and '/')
 * of the server lets the poll through, a wrong pin refuses the server before any login.
 */
class KameletSourcePinTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    private final List<Pop3PollResult> polls = new CopyOnWriteArrayList<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();

    @Test
    void publicKeyPinOfTheServerLetsThePollThrough() throws Exception {
        server.deliverText(2);
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(RecordingPop3Server.certificate())) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String pin = "spki-sha256:" + Base64.getEncoder().encodeToString(sha256(certificate.getPublicKey().getEncoded()));

        runOnePoll(pin);

        assertThat(failures).isEmpty();
        assertThat(polls.get(0).processed()).isEqualTo(2);
        assertThat(server.count("RETR")).isEqualTo(2);
    }

    @Test
    void wrongPinRefusesTheServerBeforeLogin() throws Exception {
        server.deliverText(2);
        String wrong = "sha256:" + HexFormat.of().formatHex(sha256("another server".getBytes()));

        runOnePoll(wrong);

        assertThat(failures).singleElement().satisfies(e -> assertThat(e.getMessage())
                .contains("localhost:" + server.port())
                .contains("matches none of the 1 pins of the pin option"));
        assertThat(server.commands()).doesNotContain("USER", "PASS", "RETR");
    }

    private void runOnePoll(String pin) throws Exception {
        String yaml = """
                - route:
                    id: user-route
                    from:
                      uri: kamelet:mail-pop3s-source
                      parameters:
                        connectionHost: localhost
                        connectionPort: %d
                        username: %s
                        password: "%s"
                        truststore: "%s"
                        pin: "%s"
                        stateDir: "%s"
                      steps:
                        - to: log:received?level=DEBUG
                """.formatted(server.port(), RecordingPop3Server.USER, RecordingPop3Server.PASSWORD,
                RecordingPop3Server.certificate(), pin, tmp.resolve("state"));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("pollListener", (Pop3PollListener) (account, result, failure) -> {
                polls.add(result);
                if (failure != null) {
                    failures.add(failure);
                }
            });
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("user.camel.yaml", yaml));
            context.start();
            // The refused handshake ends GreenMail's session thread with an exception, which is the point here.
            await().dontCatchUncaughtExceptions().atMost(java.time.Duration.ofSeconds(30)).until(() -> !polls.isEmpty());
        }
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
