package io.github.camelpop3ingest.repository;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JournalRepositoryTornTailTest {

    private static final List<String> COMPLETE = IntStream.range(0, 50)
            .mapToObj(i -> String.format("alice@mail.example.com:995#%016x", 0x1a5f3c9e2bL + i))
            .toList();
    private static final String TORN = "alice@mail.example.com:995#torn-away";
    private static final String AFTER_RECOVERY = "bob@mail.example.com:995#0000000000000042";

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
    void appendedGarbageIsDropped() throws IOException {
        long completeSize = writeCompleteRecords();
        append("\u0000\u0017garbage that is not a record, ünïcødé".getBytes(StandardCharsets.UTF_8));

        assertRecoversTo(completeSize);
    }

    @Test
    void halfWrittenLastRecordIsDropped() throws IOException {
        long completeSize = writeCompleteRecords();
        start();
        repository.confirm(TORN);
        repository.stop();
        long withTorn = Files.size(journal());
        truncate(completeSize + (withTorn - completeSize) / 2);

        assertRecoversTo(completeSize);
        assertThat(repository.contains(TORN)).isFalse();
    }

    @Test
    void cutOffLengthFieldIsDropped() throws IOException {
        long completeSize = writeCompleteRecords();
        append(new byte[] {0, 0});

        assertRecoversTo(completeSize);
    }

    @Test
    void recordWithBadChecksumIsNotTrusted() throws IOException {
        long completeSize = writeCompleteRecords();
        start();
        repository.confirm(TORN);
        repository.stop();
        flipLastKeyByte();

        assertRecoversTo(completeSize);
        assertThat(repository.contains(TORN)).isFalse();
    }

    private long writeCompleteRecords() throws IOException {
        start();
        COMPLETE.forEach(repository::confirm);
        repository.stop();
        return Files.size(journal());
    }

    private void assertRecoversTo(long completeSize) throws IOException {
        start();
        assertThat(repository.getSize()).isEqualTo(COMPLETE.size());
        assertThat(COMPLETE).allSatisfy(key -> assertThat(repository.contains(key)).isTrue());
        assertThat(Files.size(journal())).as("torn tail truncated on load").isEqualTo(completeSize);

        repository.confirm(AFTER_RECOVERY);
        repository.stop();
        start();
        assertThat(repository.getSize()).isEqualTo(COMPLETE.size() + 1);
        assertThat(repository.contains(AFTER_RECOVERY)).isTrue();
    }

    private void start() {
        repository = new JournalIdempotentRepository(stateDir);
        repository.start();
    }

    private Path journal() {
        return stateDir.resolve(JournalIdempotentRepository.JOURNAL_FILE_NAME);
    }

    private void append(byte[] bytes) throws IOException {
        Files.write(journal(), bytes, StandardOpenOption.APPEND);
    }

    private void truncate(long size) throws IOException {
        try (FileChannel channel = FileChannel.open(journal(), StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private void flipLastKeyByte() throws IOException {
        try (FileChannel channel = FileChannel.open(journal(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // The last record ends with the key's last byte followed by the 4-byte checksum.
            long position = channel.size() - Integer.BYTES - 1;
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.flip();
            channel.write(ByteBuffer.wrap(new byte[] {(byte) (one.get() ^ 0x01)}), position);
        }
    }
}
