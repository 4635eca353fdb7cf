package io.github.camelpop3ingest.repository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JournalRepositoryCompactionTest {

    private static final List<String> KEPT = List.of(
            "alice@mail.example.com:995#0000001a5f3c9e2b",
            "alice@mail.example.com:995#0000001a5f3c9e2c",
            "bob@mail.example.com:995#0000000000000001");

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
    void tombstonesAreCompactedAwayAndOnlyLiveKeysReload() {
        repository = new JournalIdempotentRepository(stateDir);
        repository.start();
        KEPT.forEach(repository::confirm);
        for (int i = 0; i < JournalIdempotentRepository.COMPACT_MIN_RECORDS; i++) {
            String scratch = "scratch@mail.example.com:995#" + i;
            repository.confirm(scratch);
            repository.remove(scratch);
        }

        assertThat(repository.getJournalRecords()).isLessThan(JournalIdempotentRepository.COMPACT_MIN_RECORDS);
        assertThat(stateDir.resolve(JournalIdempotentRepository.JOURNAL_FILE_NAME + ".tmp")).doesNotExist();

        repository.stop();
        repository = new JournalIdempotentRepository(stateDir);
        repository.start();
        assertThat(repository.getSize()).isEqualTo(KEPT.size());
        assertThat(KEPT).allSatisfy(key -> assertThat(repository.contains(key)).isTrue());
        assertThat(repository.contains("scratch@mail.example.com:995#7")).isFalse();
    }

    @Test
    void leftoverTempFileOfACrashedCompactionIsIgnored() throws Exception {
        repository = new JournalIdempotentRepository(stateDir);
        repository.start();
        KEPT.forEach(repository::confirm);
        repository.stop();
        Path leftover = stateDir.resolve(JournalIdempotentRepository.JOURNAL_FILE_NAME + ".tmp");
        Files.write(leftover, new byte[] {'p', 'o', 'p', 0, 1, 2});

        repository = new JournalIdempotentRepository(stateDir);
        repository.start();

        assertThat(repository.getSize()).isEqualTo(KEPT.size());
        assertThat(leftover).doesNotExist();
    }
}
