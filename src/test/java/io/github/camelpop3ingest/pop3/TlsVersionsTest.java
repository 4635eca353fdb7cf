package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;

import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection offers TLS 1.3 and 1.2 only, whatever the JVM would also allow, and checks the server's name.
 */
class TlsVersionsTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    @Test
    void connectionOffersTls12AndNewerOnly() throws Exception {
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                + "&delay=60000&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
            intake.awaitPolls(1);
            Pop3IngestEndpoint endpoint = intake.context().getEndpoint(uri, Pop3IngestEndpoint.class);
            assertThat(intake.failures()).isEmpty();
            try (Pop3Connection connection = endpoint.sessions().open()) {
                assertThat(connection.tlsProtocol()).isIn("TLSv1.3", "TLSv1.2");
            }
            assertThat(Pop3Connection.TLS_PROTOCOLS).containsExactly("TLSv1.3", "TLSv1.2");
        }
    }
}
