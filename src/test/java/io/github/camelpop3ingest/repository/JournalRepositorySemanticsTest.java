package io.github.camelpop3ingest.repository;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JournalRepositorySemanticsTest {

    private static final String ALICE_1 = "alice@mail.example.com:995#0000001a5f3c9e2b";
    private static final String ALICE_2 = "alice@mail.example.com:995#0000001a5f3c9e2c";
    private static final String BOB_1 = "bob@mail.example.com:995#UID-ünïcødé-1";

    @TempDir
    Path stateDir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-03-01T10:00:00.123Z"));
    private JournalIdempotentRepository repository;

    @AfterEach
    void stopRepository() {
        if (repository != null) {
            repository.stop();
        }
    }

    @Test
    void addReservesAKeyUntilConfirmedOrRemoved() {
        start();

        assertThat(repository.contains(ALICE_1)).isFalse();
        assertThat(repository.add(ALICE_1)).isTrue();
        assertThat(repository.add(ALICE_1)).as("pending key is not added twice").isFalse();
        assertThat(repository.contains(ALICE_1)).isTrue();
        assertThat(repository.processedAt(ALICE_1)).as("pending is not processed").isEmpty();

        assertThat(repository.remove(ALICE_1)).isTrue();
        assertThat(repository.contains(ALICE_1)).isFalse();
        assertThat(repository.add(ALICE_1)).as("rolled back key can be taken again").isTrue();

        assertThat(repository.confirm(ALICE_1)).isTrue();
        assertThat(repository.contains(ALICE_1)).isTrue();
        assertThat(repository.add(ALICE_1)).as("confirmed key is not added again").isFalse();
        assertThat(repository.getSize()).isEqualTo(1);
        assertThat(repository.getPendingSize()).isZero();
    }

    @Test
    void confirmWithoutAddStillConfirms() {
        start();

        assertThat(repository.confirm(ALICE_2)).isTrue();

        assertThat(repository.contains(ALICE_2)).isTrue();
        assertThat(repository.processedAt(ALICE_2)).contains(now.get());
    }

    @Test
    void processedAtKeepsTheFirstConfirmation() {
        start();
        Instant first = now.get();
        repository.confirm(ALICE_1);

        now.set(first.plusSeconds(3600));
        repository.confirm(ALICE_1);

        assertThat(repository.processedAt(ALICE_1)).contains(first);
        assertThat(repository.getJournalRecords()).as("re-confirming writes nothing").isEqualTo(1);
    }

    @Test
    void removeOfUnknownKeyReportsFalse() {
        start();

        assertThat(repository.remove(ALICE_1)).isFalse();
    }

    @Test
    void pendingKeysAreNotPersisted() {
        start();
        repository.add(ALICE_1);
        repository.add(ALICE_2);
        repository.confirm(ALICE_2);

        restart();

        assertThat(repository.contains(ALICE_1)).as("pending key must be fetched again after a restart").isFalse();
        assertThat(repository.add(ALICE_1)).isTrue();
        assertThat(repository.contains(ALICE_2)).isTrue();
    }

    @Test
    void confirmedKeysAndTheirInstantsSurviveRestart() {
        start();
        Instant aliceAt = now.get();
        repository.confirm(ALICE_1);
        Instant bobAt = aliceAt.plusMillis(42_017);
        now.set(bobAt);
        repository.add(BOB_1);
        repository.confirm(BOB_1);

        restart();

        assertThat(repository.getSize()).isEqualTo(2);
        assertThat(repository.processedAt(ALICE_1)).contains(aliceAt);
        assertThat(repository.processedAt(BOB_1)).as("non-ASCII key round-trips as UTF-8").contains(bobAt);
        assertThat(repository.add(BOB_1)).isFalse();
    }

    @Test
    void tombstonesSurviveRestart() {
        start();
        repository.confirm(ALICE_1);
        repository.confirm(ALICE_2);
        assertThat(repository.remove(ALICE_1)).isTrue();

        restart();

        assertThat(repository.contains(ALICE_1)).isFalse();
        assertThat(repository.processedAt(ALICE_1)).isEmpty();
        assertThat(repository.contains(ALICE_2)).isTrue();
    }

    @Test
    void clearForgetsEverythingDurably() {
        start();
        repository.confirm(ALICE_1);
        repository.add(ALICE_2);

        repository.clear();

        assertThat(repository.contains(ALICE_1)).isFalse();
        assertThat(repository.contains(ALICE_2)).isFalse();
        restart();
        assertThat(repository.getSize()).isZero();
        assertThat(repository.contains(ALICE_1)).isFalse();
        repository.confirm(BOB_1);
        restart();
        assertThat(repository.contains(BOB_1)).as("the cleared journal still takes appends").isTrue();
    }

    private void start() {
        repository = new JournalIdempotentRepository(stateDir);
        repository.setClock(new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        });
        repository.start();
    }

    private void restart() {
        repository.stop();
        start();
    }
}
