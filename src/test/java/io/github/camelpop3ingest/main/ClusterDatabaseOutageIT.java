package io.github.camelpop3ingest.main;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.camelpop3ingest.testing.MainJob;
import io.github.camelpop3ingest.testing.PostgresServer;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database outage in cluster mode pauses consumption: no message is processed while its key cannot be stored, the
 * mailbox's health check turns DOWN, and consumption resumes by itself when the database returns.
 */
class ClusterDatabaseOutageIT {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @RegisterExtension
    final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path work;

    @Test
    void anOutagePausesTheMailboxShowsItDownAndConsumptionResumes() throws Exception {
        server.deliverText(2);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        MainJob job = MainJob.forServer(server, work).env("INGEST_ONCE", "false").env("INGEST_POLL_DELAY", "1000")
                .env("INGEST_MANAGEMENT_PORT", String.valueOf(port))
                .env("INGEST_CLUSTER_SERVICE", "file:" + work.resolve("cluster"))
                .env("INGEST_CLUSTER_LOCK_INTERVAL", "1000")
                .env("INGEST_CLUSTER_DB_URL", postgres.url())
                .env("INGEST_CLUSTER_DB_USER", PostgresServer.USER)
                .env("INGEST_CLUSTER_DB_PASSWORD", PostgresServer.PASSWORD);
        Process p = job.start("job");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String mailbox = "\"name\":\"mailbox:" + server.account() + "\",\"status\":";
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> storedKeys() == 2);

            postgres.stop();
            server.deliverText(2);
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .until(() -> health(http, port).contains(mailbox + "\"DOWN\""));
            assertThat(health(http, port)).doesNotContain(PostgresServer.PASSWORD);
            assertThat(archived()).as("nothing is processed while its key cannot be stored").isEqualTo(2);

            postgres.start();
            await().atMost(Duration.ofSeconds(180)).until(() -> storedKeys() == 4);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> health(http, port).contains(mailbox + "\"UP\""));
            assertThat(archived()).isEqualTo(4);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(job.stderr("job")).doesNotContain(PostgresServer.PASSWORD);
    }

    private static String health(HttpClient http, int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body().replaceAll("\\s+", "");
    }

    private long archived() throws Exception {
        Path account = work.resolve("archive").resolve(server.account().replace(":", "%3A"));
        if (!Files.isDirectory(account)) {
            return 0;
        }
        try (Stream<Path> folders = Files.list(account)) {
            return folders.filter(f -> Files.isRegularFile(f.resolve("envelope.json"))).count();
        }
    }

    private int storedKeys() {
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM ingest_keys WHERE repository = 'uidl'")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }
}
