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
 * The cluster's edges, with real instances of the job (file-lock cluster service, PostgreSQL): an instance in standby
 * reports its mailbox as standby in its health, and in once mode one that leads no mailbox ends (exit 0, summary
 * line) instead of waiting forever; a leader that loses its lock (its lock files removed under it) consumes again
 * once it regains the lead.
 */
class ClusterStandbyIT {

    private static final long LOCK_INTERVAL_MILLIS = 500;

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @RegisterExtension
    final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();

    private MainJob instance(String name) {
        return MainJob.forServer(server, work)
                .env("INGEST_STATE_DIR", work.resolve(name).resolve("state").toString())
                .env("INGEST_ONCE", "false")
                .env("INGEST_POLL_DELAY", "500")
                .env("INGEST_CLUSTER_SERVICE", "file:" + work.resolve("cluster"))
                .env("INGEST_CLUSTER_LOCK_INTERVAL", String.valueOf(LOCK_INTERVAL_MILLIS))
                .env("INGEST_CLUSTER_DB_URL", postgres.url())
                .env("INGEST_CLUSTER_DB_USER", PostgresServer.USER)
                .env("INGEST_CLUSTER_DB_PASSWORD", PostgresServer.PASSWORD);
    }

    private Process start(MainJob job, String name) throws Exception {
        Process p = job.start(name);
        processes.add(p);
        return p;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void stopAll() throws Exception {
        for (Process p : processes) {
            new ProcessBuilder("kill", "-CONT", String.valueOf(p.pid())).start().waitFor();
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aStandbyReportsStandbyAndInOnceModeEndsWithoutWaiting() throws Exception {
        server.deliver(TestMessages.text("one"));
        MainJob a = instance("a");
        MainJob b = instance("b");
        int port = freePort();
        try {
            start(a, "a");
            await().atMost(Duration.ofSeconds(120)).until(() -> a.stderr("a").contains("Polled " + server.account()));

            start(b.env("INGEST_MANAGEMENT_PORT", String.valueOf(port)), "b");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> health(http, port)
                    .replaceAll("\\s+", "").contains("\"name\":\"mailbox:" + server.account() + "\",\"status\":\"UP\""));
            String body = health(http, port);
            assertThat(body).contains("Standby: another instance reads this mailbox");

            MainJob once = instance("c").env("INGEST_ONCE", "true");
            Process c = start(once, "c");
            assertThat(c.waitFor(120, TimeUnit.SECONDS)).as("the standby instance in once mode ends").isTrue();
            assertThat(c.exitValue()).as(once.stderr("c")).isZero();
            assertThat(once.lastLine("c")).startsWith("fetched=0 skipped=0 archived=0 failed=0 ");
            assertThat(once.stderr("c")).contains("Another instance reads " + server.account())
                    .doesNotContain("Polled " + server.account());
        } finally {
            stopAll();
        }
    }

    @Test
    void aLeaderThatLosesItsLockConsumesAgainWhenItRegainsIt() throws Exception {
        server.deliver(TestMessages.text("first"));
        MainJob a = instance("a");
        try {
            start(a, "a");
            await().atMost(Duration.ofSeconds(120)).until(() -> a.stderr("a").contains("Polled " + server.account()));
            int taken = count(a.stderr("a"), "Leadership taken");
            assertThat(taken).isPositive();

            // Its lock files vanish (a shared folder cleaned up under it): the lock is no longer valid, the instance
            // gives up the lead, and takes it again on a fresh lock.
            try (Stream<Path> files = Files.walk(work.resolve("cluster"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.delete(f);
                }
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> a.stderr("a").contains("Leadership lost")
                    && count(a.stderr("a"), "Leadership taken") > taken);
            int pollsBefore = count(a.stderr("a"), "Polled " + server.account());
            server.deliver(TestMessages.text("second"));
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> count(a.stderr("a"), "Polled " + server.account()) > pollsBefore
                            && a.stderr("a").contains(" 1 new, "));
            assertThat(a.stderr("a")).doesNotContain(PostgresServer.PASSWORD);
        } finally {
            stopAll();
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String health(HttpClient http, int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/observe/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return r.body();
    }
}
