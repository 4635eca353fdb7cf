package io.github.camelpop3ingest.repository;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A journal of keys that are not UIDLs is named for them (hold.journal, invoices.journal); one that an older version
 * wrote as uidl.journal is adopted under the new name with its keys, and errors name the setting the caller gave.
 */
class JournalNamedForItsKeysTest {

    @TempDir
    Path dir;

    @Test
    void aNamedJournalHasItsOwnFiles() {
        JournalIdempotentRepository hold = new JournalIdempotentRepository(dir, "hold");
        hold.start();
        try {
            hold.add("a#1");
            hold.confirm("a#1");
            assertThat(dir.resolve("hold.journal")).isRegularFile();
            assertThat(dir.resolve("hold.lock")).exists();
            assertThat(dir.resolve(JournalIdempotentRepository.JOURNAL_FILE_NAME)).doesNotExist();
            assertThat(hold.getStateFile()).isEqualTo(dir.resolve("hold.journal").toString());
        } finally {
            hold.stop();
        }
    }

    @Test
    void aJournalWrittenAsUidlJournalIsAdoptedWithItsKeys() throws Exception {
        JournalIdempotentRepository old = new JournalIdempotentRepository(dir);
        old.start();
        old.add("a#1");
        old.confirm("a#1");
        old.stop();

        JournalIdempotentRepository hold = new JournalIdempotentRepository(dir, "hold");
        hold.start();
        try {
            assertThat(hold.contains("a#1")).isTrue();
            assertThat(dir.resolve("hold.journal")).isRegularFile();
            assertThat(dir.resolve(JournalIdempotentRepository.JOURNAL_FILE_NAME)).doesNotExist();
            assertThat(dir.resolve(JournalIdempotentRepository.LOCK_FILE_NAME)).doesNotExist();
        } finally {
            hold.stop();
        }
    }

    @Test
    void aJournalUnderTheNewNameWinsOverALeftoverOldOne() throws Exception {
        JournalIdempotentRepository hold = new JournalIdempotentRepository(dir, "hold");
        hold.start();
        hold.add("new#1");
        hold.confirm("new#1");
        hold.stop();
        JournalIdempotentRepository old = new JournalIdempotentRepository(dir);
        old.start();
        old.add("old#1");
        old.confirm("old#1");
        old.stop();

        JournalIdempotentRepository again = new JournalIdempotentRepository(dir, "hold");
        again.start();
        try {
            assertThat(again.contains("new#1")).isTrue();
            assertThat(again.contains("old#1")).isFalse();
            assertThat(dir.resolve(JournalIdempotentRepository.JOURNAL_FILE_NAME)).isRegularFile();
        } finally {
            again.stop();
        }
    }

    @Test
    void anErrorNamesTheSettingOfTheStateDirectory() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("state"), "x");
        JournalIdempotentRepository library = new JournalIdempotentRepository(notADirectory);
        assertThatThrownBy(library::start).hasMessageContaining("(set stateDir)");

        JournalIdempotentRepository job = new JournalIdempotentRepository(notADirectory, "hold");
        job.setStateDirSetting("ingest.state.dir (INGEST_STATE_DIR)");
        assertThatThrownBy(job::start).hasMessageContaining("(set ingest.state.dir (INGEST_STATE_DIR))");
    }
}
