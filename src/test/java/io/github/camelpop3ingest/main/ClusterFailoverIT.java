package io.github.camelpop3ingest.main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * Two instances of the main job in cluster mode (file-lock cluster service, shared archive, state in one
 * PostgreSQL): only one reads the mailbox; a kill -9 of it mid-drain hands the mailbox to the other, which finishes
 * the drain. Every message ends archived exactly once with its key in the database, nothing is deleted from the
 * server before it is archived, and the time from the kill to the new leader's first poll is printed.
 */
class ClusterFailoverIT {

    private static final int MESSAGES = 300;
    private static final long LOCK_INTERVAL_MILLIS = 1000;

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @RegisterExtension
    final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path work;

    @Test
    void theOtherInstanceTakesOverAfterAKillNineAndTheDrainEndsExactlyOnce() throws Exception {
        String filler = ("x".repeat(74) + "\r\n").repeat(20);
        for (int i = 0; i < MESSAGES; i++) {
            server.deliver(TestMessages.text("Message " + i + " " + filler));
        }
        Set<String> uidls = server.uidlsOnServer();
        assertThat(uidls).hasSize(MESSAGES);
        Path accountDir = work.resolve("archive").resolve(server.account().replace(":", "%3A"));
        Map<String, MainJob> jobs = Map.of("a", instance("a"), "b", instance("b"));

        // Whatever is no longer on the server (DELE included, before QUIT) must be archived already.
        Set<String> deletedEarly = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
        watch.scheduleWithFixedDelay(() -> {
            Set<String> onServer = server.uidlsOnServer();
            Set<String> archived = archivedUidls(accountDir);
            for (String uidl : uidls) {
                if (!onServer.contains(uidl) && !archived.contains(uidl)) {
                    deletedEarly.add(uidl);
                }
            }
        }, 0, 200, TimeUnit.MILLISECONDS);

        Map<String, Process> processes = new HashMap<>();
        try {
            processes.put("a", jobs.get("a").start("a"));
            processes.put("b", jobs.get("b").start("b"));
            await().atMost(Duration.ofSeconds(180)).until(() -> archivedUidls(accountDir).size() >= 50);
            String leader = leader(jobs);
            String follower = leader.equals("a") ? "b" : "a";
            assertThat(jobs.get(follower).stderr(follower)).as("the follower never polls while the leader lives")
                    .doesNotContain("Leadership taken");

            long uidlsBefore = server.count("UIDL");
            long killedAt = System.nanoTime();
            processes.get(leader).destroyForcibly();
            assertThat(processes.get(leader).waitFor(30, TimeUnit.SECONDS)).isTrue();
            Map<Path, Object> inodes = new HashMap<>();
            for (String uidl : archivedUidls(accountDir)) {
                Path envelope = accountDir.resolve(uidl).resolve("envelope.json");
                inodes.put(envelope, Files.getAttribute(envelope, "unix:ino"));
            }
            // The leader died before QUIT: nothing was deleted, and every key it confirmed has its archive folder.
            assertThat(server.messagesOnServer()).isEqualTo(MESSAGES);
            Set<String> confirmedAtKill = storedUidls();
            assertThat(inodes.keySet().stream().map(p -> p.getParent().getFileName().toString()))
                    .containsAll(confirmedAtKill);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> server.count("UIDL") > uidlsBefore);
            double failoverSeconds = (System.nanoTime() - killedAt) / 1e9;

            // The follower logs its poll just after QUIT, which is when the server removes the messages: wait for
            // the line too, or reading the log can win that race (seen once in CI).
            await().atMost(Duration.ofSeconds(240))
                    .until(() -> server.messagesOnServer() == 0 && archivedUidls(accountDir).size() == MESSAGES
                            && jobs.get(follower).stderr(follower).contains("Polled " + server.account()));
            String followerLog = jobs.get(follower).stderr(follower);
            System.out.printf("ClusterFailoverIT: %d messages, %d archived by the leader before kill -9 (%d of them"
                    + " confirmed), failover (kill to the new leader's first UIDL) %.1f s with a %d ms lock interval%n",
                    MESSAGES, inodes.size(), confirmedAtKill.size(), failoverSeconds, LOCK_INTERVAL_MILLIS);

            assertThat(archivedUidls(accountDir)).isEqualTo(uidls);
            for (Map.Entry<Path, Object> e : inodes.entrySet()) {
                assertThat(Files.getAttribute(e.getKey(), "unix:ino")).as("%s was archived again", e.getKey())
                        .isEqualTo(e.getValue());
            }
            try (Stream<Path> temps = Files.list(accountDir)) {
                assertThat(temps.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty();
            }
            assertThat(storedUidls()).isEqualTo(uidls);
            assertThat(deletedEarly).as("deleted from the server before archived").isEmpty();
            assertThat(followerLog).contains("Polled " + server.account());
            for (String name : jobs.keySet()) {
                assertThat(jobs.get(name).stderr(name)).doesNotContain(PostgresServer.PASSWORD)
                        .doesNotContain(RecordingPop3Server.PASSWORD);
            }
        } finally {
            watch.shutdownNow();
            for (Process p : processes.values()) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** One instance: the same cluster, database and archive as the other, a state folder of its own. */
    private MainJob instance(String name) {
        return MainJob.forServer(server, work)
                .env("INGEST_STATE_DIR", work.resolve(name).resolve("state").toString())
                .env("INGEST_ONCE", "false")
                .env("INGEST_POLL_DELAY", "1000")
                .env("INGEST_DELETE", "after-processing")
                .env("INGEST_CLUSTER_SERVICE", "file:" + work.resolve("cluster"))
                .env("INGEST_CLUSTER_LOCK_INTERVAL", String.valueOf(LOCK_INTERVAL_MILLIS))
                .env("INGEST_CLUSTER_DB_URL", postgres.url())
                .env("INGEST_CLUSTER_DB_USER", PostgresServer.USER)
                .env("INGEST_CLUSTER_DB_PASSWORD", PostgresServer.PASSWORD);
    }

    /** The instance that took the mailbox's lock; exactly one has. */
    private static String leader(Map<String, MainJob> jobs) throws Exception {
        List<String> leaders = new ArrayList<>();
        for (Map.Entry<String, MainJob> e : jobs.entrySet()) {
            if (e.getValue().stderr(e.getKey()).contains("Leadership taken")) {
                leaders.add(e.getKey());
            }
        }
        assertThat(leaders).as("instances that lead the mailbox").hasSize(1);
        return leaders.get(0);
    }

    private Set<String> storedUidls() throws Exception {
        Set<String> stored = new HashSet<>();
        String prefix = server.account() + "#";
        try (Connection c = postgres.connect(); PreparedStatement select = c.prepareStatement(
                "SELECT message_key FROM ingest_keys WHERE repository = 'uidl'"); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                assertThat(rs.getString(1)).startsWith(prefix);
                stored.add(rs.getString(1).substring(prefix.length()));
            }
        }
        return stored;
    }

    private static Set<String> archivedUidls(Path accountDir) {
        if (!Files.isDirectory(accountDir)) {
            return Set.of();
        }
        try (Stream<Path> folders = Files.list(accountDir)) {
            Set<String> uidls = new HashSet<>();
            folders.filter(p -> Files.isRegularFile(p.resolve("envelope.json")))
                    .forEach(p -> uidls.add(p.getFileName().toString()));
            return uidls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
