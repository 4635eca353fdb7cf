package io.github.camelpop3ingest.repository;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kills a child JVM with SIGKILL in the middle of confirming and checks that every acknowledged key survived. */
class JournalRepositoryKillNineTest {

    private static final int ROUNDS = 5;
    private static final int MAX_KEYS_PER_ROUND = 3_000;

    @TempDir
    Path stateDir;

    @TempDir
    Path logDir;

    @Test
    void everyPrintedKeySurvivesSigkill() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("JournalRepositoryKillNineTest seed " + seed);
        Set<String> confirmed = new HashSet<>();
        Set<String> removed = new HashSet<>();

        for (int round = 0; round < ROUNDS; round++) {
            int killAfter = 1 + random.nextInt(MAX_KEYS_PER_ROUND);
            Path stderr = logDir.resolve("child-" + round + ".err");
            List<String> lines = runAndKill("round" + round, killAfter, stderr);
            for (String line : lines) {
                String key = line.substring(2);
                (line.startsWith("C ") ? confirmed : removed).add(key);
            }

            JournalIdempotentRepository repository = new JournalIdempotentRepository(stateDir);
            repository.start();
            try {
                assertThat(confirmed).as("keys confirmed before the kill in round %d (killed after %d)", round,
                        killAfter).allSatisfy(key -> assertThat(repository.contains(key)).isTrue());
                assertThat(removed).as("keys removed before the kill in round %d", round)
                        .allSatisfy(key -> assertThat(repository.contains(key)).isFalse());
                assertThat(repository.getSize()).isGreaterThanOrEqualTo(confirmed.size());
                System.out.printf("  round %d: killed after %d keys; %d confirmed so far, %d in store,"
                        + " %d journal records%n", round, killAfter, confirmed.size(), repository.getSize(),
                        repository.getJournalRecords());
            } finally {
                repository.stop();
            }
        }
    }

    private List<String> runAndKill(String prefix, int killAfter, Path stderr) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                JournalRepositoryKillNineChild.class.getName(), stateDir.toString(), prefix)
                .redirectError(stderr.toFile())
                .start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> readCompleteLines(child.getInputStream(), lines), "kill-nine-reader");
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> countConfirmed(lines) >= killAfter || !child.isAlive());
            assertThat(child.isAlive()).as("child still running; its stderr: %s", Files.readString(stderr))
                    .isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // Lines already in the pipe were printed after their confirm returned, so they count too.
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    private static long countConfirmed(List<String> lines) {
        synchronized (lines) {
            return lines.stream().filter(line -> line.startsWith("C ")).count();
        }
    }

    /** Keeps only newline-terminated lines: a line cut by the kill could be a prefix of a real key. */
    private static void readCompleteLines(InputStream in, List<String> lines) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (in) {
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    lines.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
