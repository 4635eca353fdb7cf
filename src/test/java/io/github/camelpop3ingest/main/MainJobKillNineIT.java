package io.github.camelpop3ingest.main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.camelpop3ingest.repository.JournalIdempotentRepository;
import io.github.camelpop3ingest.testing.MainJob;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import io.github.camelpop3ingest.testing.TestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A kill -9 of the main job in the middle of a drain, then a restart: no confirmed key is lost, no message is archived
 * twice, every message ends archived exactly once, and nothing is deleted before it was archived.
 */
class MainJobKillNineIT {

    private static final int MESSAGES = 300;

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @Test
    void restartAfterKillNineCompletesTheDrainExactlyOnce() throws Exception {
        String filler = ("x".repeat(74) + "\r\n").repeat(20);
        for (int i = 0; i < MESSAGES; i++) {
            server.deliver(TestMessages.text("Message " + i + " " + filler));
        }
        MainJob job = MainJob.forServer(server, work).env("INGEST_DELETE", "after-processing");
        Path accountDir = work.resolve("archive").resolve(server.account().replace(":", "%3A"));

        Process first = job.start("first");
        await().atMost(java.time.Duration.ofSeconds(120)).until(() -> archivedFolders(accountDir).size() >= 50);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // The session died before QUIT, so the server still holds everything.
        assertThat(server.messagesOnServer()).isEqualTo(MESSAGES);
        List<Path> beforeRestart = archivedFolders(accountDir);
        Map<Path, Object> inodes = new HashMap<>();
        for (Path folder : beforeRestart) {
            inodes.put(folder, Files.getAttribute(folder.resolve("envelope.json"), "unix:ino"));
        }
        // Keys are confirmed at commit points, after their folders are forced to disk: a confirmed key always has
        // its folder, while the folders archived since the last commit point wait unconfirmed (and are not
        // written again below).
        int confirmed = 0;
        JournalIdempotentRepository repo = new JournalIdempotentRepository(work.resolve("state"));
        repo.start();
        try {
            for (String uidl : server.uidlsOnServer()) {
                if (repo.contains(server.account() + "#" + uidl)) {
                    confirmed++;
                    assertThat(accountDir.resolve(uidl)).as("confirmed without its archive folder").isDirectory();
                }
            }
        } finally {
            repo.stop();
        }
        assertThat(confirmed).isLessThanOrEqualTo(beforeRestart.size());

        Process second = job.start("second");
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(job.stderr("second")).isZero();
        String summary = job.lastLine("second");
        assertThat(summary).startsWith("fetched=" + (MESSAGES - confirmed) + " skipped=" + confirmed + " archived="
                + (MESSAGES - confirmed) + " failed=0 ");

        List<Path> afterRestart = archivedFolders(accountDir);
        assertThat(afterRestart).hasSize(MESSAGES);
        for (Path folder : beforeRestart) {
            assertThat(Files.getAttribute(folder.resolve("envelope.json"), "unix:ino"))
                    .as("%s was archived again", folder).isEqualTo(inodes.get(folder));
        }
        try (Stream<Path> temps = Files.list(accountDir)) {
            assertThat(temps.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty();
        }
        assertThat(server.messagesOnServer()).isZero();
    }

    private static List<Path> archivedFolders(Path accountDir) throws Exception {
        if (!Files.isDirectory(accountDir)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(accountDir)) {
            return folders.filter(p -> Files.isRegularFile(p.resolve("envelope.json"))).sorted().toList();
        }
    }
}
