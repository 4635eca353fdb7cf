package io.github.camelpop3ingest.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A crash-safe file write shows the old content until the new one is complete and renamed into place, and leaves no
 * temporary file behind, whether it succeeds or fails.
 */
class CrashSafeWriteLeavesOldOrNewContentTest {

    @TempDir
    Path folder;

    @Test
    void replacesTheFileByRenameNotInPlace() throws IOException {
        Path target = folder.resolve("state.json");
        DurableFiles.writeFile(target, bytes("old"));
        Object oldFile = Files.readAttributes(target, BasicFileAttributes.class).fileKey();

        DurableFiles.writeFile(target, bytes("new"));

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(listing()).containsExactly("state.json");
        Object newFile = Files.readAttributes(target, BasicFileAttributes.class).fileKey();
        if (oldFile != null) {
            // Another inode: a reader had the old file or the new one, never one being written.
            assertThat(newFile).isNotEqualTo(oldFile);
        }
    }

    @Test
    void keepsTheOldContentAndNoTempFileWhenWritingFailsHalfway() throws IOException {
        Path target = folder.resolve("state.json");
        DurableFiles.writeFile(target, bytes("old"));

        assertThatThrownBy(() -> DurableFiles.writeFile(target, channel -> {
            channel.write(ByteBuffer.wrap(bytes("half of the n")));
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listing()).containsExactly("state.json");
    }

    @Test
    void leavesNoTempFileWhenTheRenameFails() throws IOException {
        // A non-empty folder in the way makes the rename fail after the temporary file was written and forced.
        Files.createDirectories(folder.resolve("state.json").resolve("blocker"));

        assertThatThrownBy(() -> DurableFiles.writeFile(folder.resolve("state.json"), bytes("new")))
                .isInstanceOf(IOException.class);

        assertThat(listing()).containsExactly("state.json");
    }

    @Test
    void aNamedTempFileLeftByACrashIsOverwrittenAndRenamed() throws IOException {
        Path target = folder.resolve("journal");
        Path temp = folder.resolve("journal.tmp");
        Files.writeString(temp, "what a compaction that died left, longer than the new content");

        DurableFiles.writeFile(target, temp, DurableFiles.FileContent.of(bytes("compacted")));

        assertThat(Files.readString(target)).isEqualTo("compacted");
        assertThat(listing()).containsExactly("journal");
    }

    @Test
    void aNamedTempFileIsRemovedWhenWritingFails() throws IOException {
        Path target = folder.resolve("journal");
        DurableFiles.writeFile(target, bytes("old"));
        Path temp = folder.resolve("journal.tmp");

        assertThatThrownBy(() -> DurableFiles.writeFile(target, temp, channel -> {
            throw new IllegalStateException("encoder broke");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listing()).containsExactly("journal");
    }

    @Test
    void writesMoreThanOneChannelWriteTakes() throws IOException {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        Path target = folder.resolve("big.bin");

        DurableFiles.writeFile(target, big);

        assertThat(Files.readAllBytes(target)).isEqualTo(big);
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
