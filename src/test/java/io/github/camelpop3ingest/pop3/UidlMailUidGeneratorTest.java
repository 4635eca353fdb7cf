package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;

import io.github.camelpop3ingest.repository.JournalIdempotentRepository;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import jakarta.mail.Session;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain camel-mail pop3s routes keyed on UIDL: one UIDL command per poll, no TOP for seen messages, skipping
 * across restarts with the journal repository.
 */
class UidlMailUidGeneratorTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    private int drain() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            JournalIdempotentRepository repo = new JournalIdempotentRepository(tmp);
            context.getRegistry().bind("uidlMailUidGenerator", new UidlMailUidGenerator());
            context.getRegistry().bind("repo", repo);
            // camel-mail does not start the repository; the context manages its lifecycle.
            context.addService(repo);
            java.util.Properties props = new java.util.Properties();
            props.put("mail.pop3s.ssl.socketFactory",
                    PemTrustStore.socketFactory(RecordingPop3Server.certificate(), "test truststore"));
            props.put("mail.pop3s.ssl.checkserveridentity", "true");
            context.getRegistry().bind("session", Session.getInstance(props));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pop3s://localhost:" + server.port() + "?username=" + RecordingPop3Server.USER
                            + "&password=RAW(" + RecordingPop3Server.PASSWORD + ")&session=#session"
                            + "&mailUidGenerator=#uidlMailUidGenerator&idempotentRepository=#repo"
                            + "&idempotentRepositoryRemoveOnCommit=false&delete=false&initialDelay=0&delay=100"
                            + "&mapMailMessage=false")
                            .to("mock:out");
                }
            });
            MockEndpoint out = context.getEndpoint("mock:out", MockEndpoint.class);
            context.start();
            // Two polls: the second must not see anything new.
            org.awaitility.Awaitility.await().until(() -> server.count("QUIT") >= 2);
            context.stop();
            return out.getReceivedCounter();
        }
    }

    @Test
    void seenMessagesAreSkippedWithoutTopAcrossRestarts() throws Exception {
        server.deliverText(3);
        assertThat(drain()).isEqualTo(3);

        server.deliverText(1);
        server.clearCommands();
        assertThat(drain()).isEqualTo(1);
        assertThat(server.count("TOP")).isZero();
        // One UIDL per session, not one per message.
        assertThat(server.count("UIDL")).isEqualTo(server.count("STAT"));
    }
}
