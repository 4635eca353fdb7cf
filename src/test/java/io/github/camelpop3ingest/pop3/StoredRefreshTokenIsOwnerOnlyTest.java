package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The rotated refresh token is stored readable by its owner only, replacing the earlier one, with no temp file left. */
class StoredRefreshTokenIsOwnerOnlyTest {

    @TempDir
    Path state;

    @Test
    void storesOwnerOnlyAndReplacesTheEarlierToken() throws IOException {
        assumeTrue(state.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Path file = state.resolve("nested").resolve(FileRefreshTokenStore.FILE_NAME);
        FileRefreshTokenStore store = new FileRefreshTokenStore(file);

        assertThat(store.store("configured", "rotated-1")).isTrue();
        assertThat(store.store("configured", "rotated-2")).isTrue();

        assertThat(store.rotatedFrom("configured")).contains("rotated-2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(FileRefreshTokenStore.FILE_NAME);
        }
    }
}
