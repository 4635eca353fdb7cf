package io.github.camelpop3ingest.main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.sink.AuditLog;
import io.github.camelpop3ingest.sink.QuarantineReplay;
import io.github.camelpop3ingest.sink.QuarantineWriter;
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
 * A 4xx answer sends a message to quarantine at once (no retries): the mailbox moves on, the message stays on the
 * server despite delete=after-processing, and a replay after the endpoint is fixed delivers it and lets the delete
 * policy remove it.
 */
class QuarantineAndReplayTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @RegisterExtension
    final WireMockExtension http = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().dynamicPort()).build();

    @BeforeEach
    void stubHttp() {
        http.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(422).withBody("unknown supplier")));
    }

    @Test
    void refusedMessagesWaitInQuarantineAndReplayDeliversThem() throws Exception {
        server.deliverText(3);
        Path quarantineDir = work.resolve("quarantine");
        try (MainRoutes job = new MainRoutes(server, work)
                .set(IngestSetting.SINKS, "http")
                .set(IngestSetting.HTTP_URL, http.baseUrl() + "/inbox")
                .set(IngestSetting.DELETE, "after-processing")
                .start()) {
            await().until(() -> job.outcomes().getQuarantined() == 3);
            assertThat(job.outcomes().getRetried()).isZero();
            assertThat(http.findAll(anyRequestedFor(anyUrl()))).hasSize(3);

            // The mailbox moved on: the next poll skips them, and deletes none of them.
            // The first poll reports once its session ended, which may be after the quarantine counter moved.
            await().until(() -> job.polls() >= 1);
            int seen = job.polls();
            Pop3PollResult next = job.awaitPolls(seen + 1);
            assertThat(next.skipped()).isEqualTo(3);
            assertThat(next.deleted()).isZero();
            assertThat(server.messagesOnServer()).isEqualTo(3);

            QuarantineWriter quarantine = job.context().getRegistry().lookupByNameAndType(QuarantineWriter.BEAN_NAME,
                    QuarantineWriter.class);
            List<Path> folders = quarantine.list();
            assertThat(folders).hasSize(3).allSatisfy(folder -> {
                assertThat(folder).startsWith(quarantineDir);
                assertThat(folder.resolve("message.eml")).isRegularFile();
                assertThat(folder.resolve("envelope.json")).isRegularFile();
                assertThat(Files.readString(folder.resolve(QuarantineWriter.ERROR_FILE))).contains("422");
            });

            http.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201)));
            QuarantineReplay.Result replay = new QuarantineReplay(job.context(), quarantine).replayAll();
            assertThat(replay.replayed()).isEqualTo(3);
            assertThat(replay.failed()).isZero();
            assertThat(quarantine.list()).isEmpty();

            // Released from hold: the sweep of the next poll deletes them.
            await().until(() -> server.messagesOnServer() == 0);
        }
        List<JsonNode> audit = AuditLog.read(work.resolve("state").resolve(AuditLog.FILE_NAME));
        assertThat(audit.stream().map(r -> r.get("outcome").asText()))
                .containsExactly("quarantined", "quarantined", "quarantined", "replayed", "replayed", "replayed");
    }
}
