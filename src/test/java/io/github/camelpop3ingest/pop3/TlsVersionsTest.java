package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;

import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail session offers TLS 1.3 and 1.2 only and checks the server's name, whatever the JVM would also allow.
 */
class TlsVersionsTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    @Test
    void sessionOffersTls12AndNewerOnlyWithHostNameVerification() throws Exception {
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                + "&delay=60000&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
            intake.awaitPolls(1);
            Pop3IngestEndpoint endpoint = intake.context().getEndpoint(uri, Pop3IngestEndpoint.class);
            assertThat(endpoint.session().getProperty("mail.pop3s.ssl.protocols")).isEqualTo("TLSv1.3 TLSv1.2");
            assertThat(endpoint.session().getProperty("mail.pop3s.ssl.checkserveridentity")).isEqualTo("true");
            assertThat(intake.failures()).isEmpty();
        }
    }
}
