package io.github.camelpop3ingest.main;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.camelpop3ingest.testing.CorpusManifest;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every message of the shared MIME corpus flows through the archive, the JMS queue (embedded Artemis) and the HTTP
 * endpoint without stopping the route, each sink receiving each message with its idempotency key.
 */
class CorpusThroughAllSinksTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @RegisterExtension
    final WireMockExtension http = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().dynamicPort()).build();

    @BeforeEach
    void stubHttp() {
        http.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(202)));
    }

    @Test
    void everyCorpusMessageReachesEverySink() throws Exception {
        List<CorpusManifest.Row> rows = CorpusManifest.rows();
        for (CorpusManifest.Row row : rows) {
            server.deliver(CorpusManifest.mimeDir().resolve(row.get("file")));
        }
        Set<String> jmsKeys = new HashSet<>();
        try (MainRoutes job = new MainRoutes(server, work)
                .set(IngestSetting.SINKS, "jms,http")
                .set(IngestSetting.HTTP_URL, http.baseUrl() + "/inbox")
                .start()) {
            await().atMost(java.time.Duration.ofSeconds(90)).until(() -> job.outcomes().getDelivered() == rows.size());
            assertThat(job.outcomes().getQuarantined()).isZero();

            ObjectMapper json = new ObjectMapper();
            try (Connection connection = job.broker().connectionFactory().createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("ingest.messages"));
                for (Message m = consumer.receive(2000); m != null; m = consumer.receive(500)) {
                    String key = m.getStringProperty("IngestIdempotencyKey");
                    JsonNode event = json.readTree(((TextMessage) m).getText());
                    assertThat(event.get("idempotencyKey").asText()).isEqualTo(key);
                    assertThat(event.get("envelope").get("sha256").asText()).hasSize(64);
                    jmsKeys.add(key);
                }
            }
        }
        assertThat(jmsKeys).hasSize(rows.size());
        Set<String> httpKeys = new HashSet<>();
        http.findAll(anyRequestedFor(anyUrl())).forEach(r -> httpKeys.add(r.getHeader("Idempotency-Key")));
        assertThat(httpKeys).isEqualTo(jmsKeys);
    }
}
