package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import io.github.camelpop3ingest.durable.DurableFiles;
import io.github.camelpop3ingest.repository.RefreshTokenStore;
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
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            byte[] content = (RefreshTokenStore.fingerprint(configured) + "\n" + rotated + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            DurableFiles.writeFile(file, content, ownerOnly(dir));
            return true;
        } catch (IOException e) {
            LOG.warn("Cannot store the rotated refresh token in {} ({}); it is kept in memory until the next restart",
                    file, e.getMessage());
            return false;
        }
    }

    /** The token is readable by its owner from the moment its temporary file exists, where permissions exist. */
    private static FileAttribute<?>[] ownerOnly(Path dir) {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            LOG.debug("{} has no POSIX permissions; the refresh token file keeps the directory's", dir);
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        };
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
