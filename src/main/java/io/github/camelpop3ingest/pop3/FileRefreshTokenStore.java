package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RefreshTokenStore} in a file of the state directory, for one instance.
 * <p>
 * The file holds two lines: the SHA-256 of the configured refresh token, and the rotated token. The file is readable
 * by its owner only (where the file system has POSIX permissions) and replaced atomically.
 */
public final class FileRefreshTokenStore implements RefreshTokenStore {

    /** The file's name in the state directory. */
    public static final String FILE_NAME = "oauth2-refresh-token";

    private static final Logger LOG = LoggerFactory.getLogger(FileRefreshTokenStore.class);

    private final Path file;

    public FileRefreshTokenStore(Path file) {
        this.file = file;
    }

    @Override
    public Optional<String> rotatedFrom(String configured) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() >= 2 && lines.get(0).equals(RefreshTokenStore.fingerprint(configured))
                    && !lines.get(1).isEmpty()) {
                return Optional.of(lines.get(1));
            }
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("Cannot read the stored refresh token {} ({}); using the configured one", file, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public boolean store(String configured, String rotated) {
        Path temp = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + FILE_NAME + "-", ".tmp");
            restrict(temp);
            byte[] content = (RefreshTokenStore.fingerprint(configured) + "\n" + rotated + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            LOG.warn("Cannot store the rotated refresh token in {} ({}); it is kept in memory until the next restart",
                    file, e.getMessage());
            try {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException ignored) {
                // The temporary file is named after the store and replaced by the next attempt.
            }
            return false;
        }
    }

    private static void restrict(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("{} has no POSIX permissions; the refresh token file keeps the directory's", path);
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
