package io.github.camelpop3ingest.repository;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds a million keys; prints timings and heap use for quoting instead of asserting on them.
 *
 * <p>Uses the package-private {@code confirmAll}: at roughly 0.2-0.3 ms per fsync, a million public confirms would
 * take minutes. The public path is timed on a smaller sample instead.
 */
class JournalRepositoryMillionKeysTest {

    private static final int KEYS = 1_000_000;
    private static final int BATCH = 10_000;
    private static final int PUBLIC_SAMPLE = 2_000;

    @TempDir
    Path stateDir;

    private JournalIdempotentRepository repository;

    @AfterEach
    void stopRepository() {
        if (repository != null) {
            repository.stop();
        }
    }

    @Test
    void millionConfirmedKeysReloadAndAnswerLookups() throws Exception {
        long heapEmpty = usedHeapAfterGc();
        start();

        long confirmStart = System.nanoTime();
        List<String> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < KEYS; i++) {
            batch.add(key(i));
            if (batch.size() == BATCH) {
                repository.confirmAll(batch);
                batch.clear();
            }
        }
        long confirmMillis = millisSince(confirmStart);

        long publicStart = System.nanoTime();
        for (int i = KEYS; i < KEYS + PUBLIC_SAMPLE; i++) {
            repository.add(key(i));
            repository.confirm(key(i));
        }
        long publicMicrosPerConfirm = (System.nanoTime() - publicStart) / 1_000 / PUBLIC_SAMPLE;
        repository.stop();

        long loadStart = System.nanoTime();
        start();
        long loadMillis = millisSince(loadStart);
        long heapLoaded = usedHeapAfterGc();

        assertThat(repository.getSize()).isEqualTo(KEYS + PUBLIC_SAMPLE);
        long lookupStart = System.nanoTime();
        for (int i = 0; i < KEYS + PUBLIC_SAMPLE; i++) {
            assertThat(repository.contains(key(i))).isTrue();
        }
        long lookupMillis = millisSince(lookupStart);
        assertThat(repository.contains(key(KEYS + PUBLIC_SAMPLE))).isFalse();
        assertThat(repository.add(key(KEYS / 2))).isFalse();
        assertThat(repository.processedAt(key(KEYS - 1))).isPresent();

        System.out.printf("JournalRepositoryMillionKeysTest: %,d keys (%d-%d chars)%n", KEYS + PUBLIC_SAMPLE,
                key(0).length(), key(KEYS - 1).length());
        System.out.printf("  confirmAll in batches of %,d: %,d ms%n", BATCH, confirmMillis);
        System.out.printf("  public add+confirm (one fsync each): %,d us per key over %,d keys%n",
                publicMicrosPerConfirm, PUBLIC_SAMPLE);
        System.out.printf("  journal file: %,d bytes%n", Files.size(stateDir.resolve(
                JournalIdempotentRepository.JOURNAL_FILE_NAME)));
        System.out.printf("  restart (replay) : %,d ms%n", loadMillis);
        System.out.printf("  %,d contains() lookups: %,d ms%n", KEYS + PUBLIC_SAMPLE, lookupMillis);
        System.out.printf("  heap used by loaded repository: %,d MB (%d bytes per key)%n",
                (heapLoaded - heapEmpty) / (1024 * 1024), (heapLoaded - heapEmpty) / (KEYS + PUBLIC_SAMPLE));
    }

    private static String key(int i) {
        String uidl = Long.toHexString(0x1a5f3c9e2bL + i * 7919L);
        return "account-" + (i % 16) + ".mailbox@pop3.mail.example.com:995#" + "0".repeat(16 - uidl.length()) + uidl;
    }

    private void start() {
        repository = new JournalIdempotentRepository(stateDir);
        repository.start();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        // Twice because one System.gc() is only a hint and may leave garbage from the previous phase.
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
