package io.github.camelpop3ingest.main;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.camelpop3ingest.sink.AuditLog;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
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
 * The HTTP sink answers 503 for a while: nothing is lost, nothing is deleted from the server before HTTP confirmed
 * it, and every message is delivered once it recovers.
 */
class HttpSinkDownForAWhileTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @RegisterExtension
    final WireMockExtension http = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().dynamicPort()).build();

    @BeforeEach
    void stubHttp() {
        http.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(503)));
    }

    @Test
    void everyMessageIsDeliveredAfterRecoveryAndOnlyThenDeleted() throws Exception {
        server.deliverText(4);
        try (MainRoutes job = new MainRoutes(server, work)
                .set(IngestSetting.SINKS, "http")
                .set(IngestSetting.HTTP_URL, http.baseUrl() + "/inbox")
                .set(IngestSetting.DELETE, "after-processing")
                .set(IngestSetting.RETRY_MAX, "40")
                .start()) {
            await().until(() -> http.findAll(anyRequestedFor(anyUrl())).size() >= 6);
            assertThat(server.messagesOnServer()).isEqualTo(4);
            assertThat(server.count("DELE")).isZero();

            http.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> job.outcomes().getDelivered() == 4);
            await().until(() -> server.messagesOnServer() == 0);
            assertThat(job.outcomes().getQuarantined()).isZero();
            assertThat(job.outcomes().getRetried()).isGreaterThanOrEqualTo(2);
        }
        List<LoggedRequest> requests = http.findAll(anyRequestedFor(anyUrl()));
        assertThat(requests.stream().map(r -> r.getHeader("Idempotency-Key")).distinct())
                .hasSize(4)
                .allSatisfy(key -> assertThat(key).startsWith(server.account() + "#"));
        List<JsonNode> audit = AuditLog.read(work.resolve("state").resolve(AuditLog.FILE_NAME));
        assertThat(audit).hasSize(4).allSatisfy(rec -> {
            assertThat(rec.get("outcome").asText()).isEqualTo("delivered");
            assertThat(rec.get("sinks").toString()).isEqualTo("[\"archive\",\"http\"]");
        });
    }
}
