package io.github.camelpop3ingest.main;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import io.github.camelpop3ingest.testing.MainJob;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import io.github.camelpop3ingest.testing.TestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The management server over real HTTP: per-mailbox and per-sink health checks, and Prometheus metrics per mailbox,
 * with a mailbox whose login is refused and an HTTP sink that fails; no secret in either answer.
 */
class ManagementEndpointsIT {

    private static final String BAD_PASSWORD = "Wr0ng-Bittern-55";

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    private HttpServer sink;
    private Process job;

    @AfterEach
    void stop() throws Exception {
        if (job != null) {
            job.destroyForcibly().waitFor();
        }
        if (sink != null) {
            sink.stop(0);
        }
    }

    @Test
    void healthAndMetricsTellEachMailboxAndSinkApart() throws Exception {
        server.deliverText(3);
        server.deliverTo("bob", "bobs-real-password", TestMessages.text("for bob"));
        sink = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        sink.start();
        Files.writeString(work.resolve("mailboxes.properties"), String.join("\n",
                "alice.host = localhost", "alice.port = " + server.port(), "alice.username = " + RecordingPop3Server.USER,
                "alice.secret = env:ALICE_PASSWORD", "alice.truststore = " + RecordingPop3Server.certificate(),
                "bob.host = localhost", "bob.port = " + server.port(), "bob.username = bob",
                "bob.secret = env:BOB_PASSWORD", "bob.truststore = " + RecordingPop3Server.certificate(), ""));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        MainJob main = new MainJob(work)
                .env("INGEST_MAILBOXES_FILE", work.resolve("mailboxes.properties").toString())
                .env("ALICE_PASSWORD", RecordingPop3Server.PASSWORD).env("BOB_PASSWORD", BAD_PASSWORD)
                .env("INGEST_ARCHIVE_DIR", work.resolve("archive").toString())
                .env("INGEST_STATE_DIR", work.resolve("state").toString())
                .env("INGEST_QUARANTINE_DIR", work.resolve("quarantine").toString())
                .env("INGEST_SINKS", "http").env("INGEST_HTTP_URL", "http://127.0.0.1:" + sink.getAddress().getPort() + "/in")
                .env("INGEST_RETRY_MAX", "1").env("INGEST_RETRY_DELAY", "100")
                .env("INGEST_POLL_DELAY", "1000").env("INGEST_MANAGEMENT_PORT", String.valueOf(port));
        job = main.start("job");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String alice = "alice@localhost:" + server.port();
        String bob = "bob@localhost:" + server.port();
        AtomicReference<String> metrics = new AtomicReference<>("");
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
            metrics.set(get(http, port, "/observe/metrics").body());
            // Quarantine happens inside alice's first poll; its counts follow when the poll ends.
            return metrics.get().contains("ingest_messages_quarantined_total{mailbox=\"" + alice + "\"} 3.0")
                    && metrics.get().contains("ingest_messages_fetched_total{mailbox=\"" + alice + "\"} 3.0");
        });
        assertThat(metrics.get())
                .contains("ingest_messages_fetched_total{mailbox=\"" + alice + "\"} 3.0")
                .contains("ingest_messages_archived_total{mailbox=\"" + alice + "\"} 3.0")
                .contains("ingest_bytes_fetched_total{mailbox=\"" + alice + "\"}")
                .contains("ingest_poll_duration_seconds_count{mailbox=\"" + alice + "\"}")
                .contains("ingest_oldest_waiting_seconds{mailbox=\"" + alice + "\"} 0.0")
                .contains("ingest_polls_failed_total{mailbox=\"" + bob + "\"}");

        HttpResponse<String> health = get(http, port, "/observe/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("mailbox:" + alice).contains("mailbox:" + bob)
                .contains("Login to " + bob + " failed").contains("sink:http");
        assertThat(health.body().replaceAll("\\s+", "")).contains("\"name\":\"sink:http\",\"status\":\"DOWN\"")
                .contains("\"name\":\"mailbox:" + alice + "\",\"status\":\"UP\"")
                .contains("\"name\":\"mailbox:" + bob + "\",\"status\":\"DOWN\"");
        for (String answer : List.of(health.body(), metrics.get())) {
            assertThat(answer).doesNotContain(RecordingPop3Server.PASSWORD).doesNotContain(BAD_PASSWORD);
        }
        System.out.println("ManagementEndpointsIT health: " + health.body().replaceAll("\\s+", " "));
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
