package io.github.camelpop3ingest.main;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.camelpop3ingest.testing.MainJob;
import io.github.camelpop3ingest.testing.PostgresServer;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import io.github.camelpop3ingest.testing.TestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in cluster mode reading the same list of mailboxes: each mailbox is read by one of them only (a lock
 * per mailbox, so the two may share the work), every message is archived once and every key lands in PostgreSQL.
 */
class ClusterManyMailboxesIT {

    private static final int MAILBOXES = 4;
    private static final int PER_MAILBOX = 3;

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @RegisterExtension
    final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path work;

    @Test
    void eachMailboxIsReadByOneInstanceAndEveryKeyIsShared() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < MAILBOXES; i++) {
            for (int m = 0; m < PER_MAILBOX; m++) {
                server.deliverTo("box" + i, "pw-" + i, TestMessages.text("Mailbox " + i + " message " + m));
            }
            lines.add("m" + i + ".host = localhost");
            lines.add("m" + i + ".port = " + server.port());
            lines.add("m" + i + ".username = box" + i);
            lines.add("m" + i + ".secret = env:BOX" + i + "_PASSWORD");
            lines.add("m" + i + ".truststore = " + RecordingPop3Server.certificate());
        }
        Path list = work.resolve("mailboxes.properties");
        Files.write(list, lines, StandardCharsets.UTF_8);
        List<Process> processes = new ArrayList<>();
        List<MainJob> jobs = new ArrayList<>();
        try {
            for (String name : List.of("a", "b")) {
                MainJob job = new MainJob(work).env("INGEST_MAILBOXES_FILE", list.toString())
                        .env("INGEST_ARCHIVE_DIR", work.resolve("archive").toString())
                        .env("INGEST_STATE_DIR", work.resolve(name).toString())
                        .env("INGEST_POLL_DELAY", "1000")
                        .env("INGEST_CLUSTER_SERVICE", "file:" + work.resolve("cluster"))
                        .env("INGEST_CLUSTER_LOCK_INTERVAL", "1000")
                        .env("INGEST_CLUSTER_DB_URL", postgres.url())
                        .env("INGEST_CLUSTER_DB_USER", PostgresServer.USER)
                        .env("INGEST_CLUSTER_DB_PASSWORD", PostgresServer.PASSWORD);
                for (int i = 0; i < MAILBOXES; i++) {
                    job.env("BOX" + i + "_PASSWORD", "pw-" + i);
                }
                jobs.add(job);
                processes.add(job.start(name));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> storedKeys() == MAILBOXES * PER_MAILBOX);
            for (int i = 0; i < MAILBOXES; i++) {
                String polled = "Polled box" + i + "@localhost:" + server.port();
                int readers = 0;
                for (int j = 0; j < jobs.size(); j++) {
                    readers += jobs.get(j).stderr(j == 0 ? "a" : "b").contains(polled) ? 1 : 0;
                }
                assertThat(readers).as("instances that read box%d", i).isEqualTo(1);
                try (Stream<Path> folders = Files.list(work.resolve("archive").resolve("box" + i + "@localhost%3A"
                        + server.port()))) {
                    assertThat(folders.filter(p -> Files.isRegularFile(p.resolve("envelope.json")))).hasSize(PER_MAILBOX);
                }
            }
            assertThat(work.resolve("a/mailboxes/m0/uidl.journal")).as("no journal in cluster mode").doesNotExist();
        } finally {
            for (Process p : processes) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private int storedKeys() throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM ingest_keys WHERE repository = 'uidl'")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            // The table appears when the first instance has started.
            return -1;
        }
    }
}
