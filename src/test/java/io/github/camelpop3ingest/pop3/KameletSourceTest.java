package io.github.camelpop3ingest.pop3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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
 * A user's few lines of YAML: the shipped mail-pop3s-source Kamelet into the archive writer bean declared in YAML,
 * with a password full of characters that mean something in a URI query (the Kamelet passes it on as RAW).
 */
class KameletSourceTest {

    private static final String PASSWORD = "Zq+7&v%20=x!#?;p";

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server(PASSWORD);

    @TempDir
    Path tmp;

    @Test
    void yamlRouteWithTheKameletArchivesEveryMessage() throws Exception {
        server.deliverText(3);
        Path archive = tmp.resolve("archive");
        String yaml = """
                - beans:
                    - name: archiveWriter
                      type: io.github.camelpop3ingest.archive.ArchiveWriter
                      properties:
                        archiveDir: "%s"
                      initMethod: start
                      destroyMethod: stop
                - route:
                    id: user-route
                    from:
                      uri: kamelet:mail-pop3s-source
                      parameters:
                        connectionHost: localhost
                        connectionPort: %d
                        username: %s
                        # RAW: Camel builds the kamelet: URI from these parameters unencoded, so a '&' would end the value.
                        password: "RAW(%s)"
                        truststore: "%s"
                        stateDir: "%s"
                      steps:
                        - bean:
                            ref: archiveWriter
                """.formatted(archive, server.port(), RecordingPop3Server.USER, PASSWORD,
                RecordingPop3Server.certificate(), tmp.resolve("state"));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("user.camel.yaml", yaml));
            context.start();
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> envelopes(archive) == 3);
            context.stop();
        }
        assertThat(server.count("RETR")).isEqualTo(3);
    }

    private static long envelopes(Path archive) throws Exception {
        if (!Files.isDirectory(archive)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(archive)) {
            return files.filter(p -> p.getFileName().toString().equals("envelope.json")).count();
        }
    }
}
