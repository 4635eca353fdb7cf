package io.github.camelpop3ingest.repository;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad state directories fail at start with a message the main job can show as-is. */
class JournalRepositoryStateDirTest {

    /** How the main job names its state directory setting to the repositories it makes. */
    private static final String JOB_SETTING = "ingest.state.dir (INGEST_STATE_DIR)";

    @TempDir
    Path tempDir;

    @Test
    void missingDirectoryIsCreated() {
        Path nested = tempDir.resolve("state/pop3");
        JournalIdempotentRepository repository = new JournalIdempotentRepository();
        repository.setStateDir(nested.toString());

        repository.start();
        try {
            assertThat(nested.resolve(JournalIdempotentRepository.JOURNAL_FILE_NAME)).isRegularFile();
            assertThat(repository.getStateFile()).isEqualTo(
                    nested.resolve(JournalIdempotentRepository.JOURNAL_FILE_NAME).toString());
        } finally {
            repository.stop();
        }
    }

    @Test
    void regularFileAsStateDirectoryFailsNamingIt() throws Exception {
        Path notADirectory = Files.writeString(tempDir.resolve("state"), "x", StandardCharsets.UTF_8);
        JournalIdempotentRepository repository = new JournalIdempotentRepository(notADirectory);
        repository.setStateDirSetting(JOB_SETTING);

        assertThatThrownBy(repository::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("State directory " + notADirectory)
                .hasMessageContaining("ingest.state.dir");
    }

    @Test
    void unsetStateDirectoryFailsNamingTheSetting() {
        JournalIdempotentRepository repository = new JournalIdempotentRepository();
        repository.setStateDirSetting(JOB_SETTING);

        assertThatThrownBy(repository::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("State directory is not set")
                .hasMessageContaining("INGEST_STATE_DIR");
    }

    @Test
    void secondRepositoryOnTheSameDirectoryIsRefused() {
        JournalIdempotentRepository first = new JournalIdempotentRepository(tempDir);
        first.start();
        try {
            JournalIdempotentRepository second = new JournalIdempotentRepository(tempDir);

            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("State directory " + tempDir)
                    .hasMessageContaining("already used");
        } finally {
            first.stop();
        }
        JournalIdempotentRepository afterStop = new JournalIdempotentRepository(tempDir);
        afterStop.start();
        afterStop.stop();
    }

    @Test
    void foreignJournalFileIsNeitherLoadedNorTruncated() throws Exception {
        Path journal = tempDir.resolve(JournalIdempotentRepository.JOURNAL_FILE_NAME);
        Files.writeString(journal, "someone else's data\n", StandardCharsets.UTF_8);
        JournalIdempotentRepository repository = new JournalIdempotentRepository(tempDir);

        assertThatThrownBy(repository::start).hasMessageContaining(journal.toString());
        assertThat(journal).usingCharset(StandardCharsets.UTF_8).hasContent("someone else's data");
        repository.stop();
        JournalIdempotentRepository retry = new JournalIdempotentRepository(tempDir);
        assertThatThrownBy(retry::start).as("the lock was released after the failed start")
                .hasMessageContaining("not a UIDL journal");
    }

    @Test
    void unstartedRepositoryRefusesLookups() {
        JournalIdempotentRepository repository = new JournalIdempotentRepository(tempDir);

        assertThatThrownBy(() -> repository.add("alice@mail.example.com:995#1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
    }
}
