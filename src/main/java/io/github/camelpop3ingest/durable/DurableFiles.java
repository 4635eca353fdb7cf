package io.github.camelpop3ingest.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files and folders so that a crash at any instant leaves either the old or the new content, never a part of
 * it: build under a temporary name beside the target, force to disk, rename atomically, force the parent folder.
 * <p>
 * Every method throws the {@link IOException} of the step that failed, so that callers word their own messages.
 */
public final class DurableFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DurableFiles.class);
    private static final String TEMP_FILE_SUFFIX = ".tmp";
    private static final String TEMP_FOLDER_PREFIX = ".tmp-";

    /** Writes the content of a file into the channel of its temporary file; forcing it is the helper's job. */
    @FunctionalInterface
    public interface FileContent {
        void writeTo(FileChannel channel) throws IOException;

        /** Content that is these bytes. */
        static FileContent of(byte[] bytes) {
            return channel -> {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                // One channel write may take only a part of the bytes.
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            };
        }
    }

    /** Writes what goes into a folder that {@link #replaceFolder} publishes. */
    @FunctionalInterface
    public interface FolderContent {
        void writeTo(Path folder) throws IOException;
    }

    private DurableFiles() {
    }

    /** Same as {@link #writeFile(Path, FileContent, FileAttribute[])} with these bytes as the content. */
    public static void writeFile(Path target, byte[] bytes, FileAttribute<?>... attributes) throws IOException {
        writeFile(target, FileContent.of(bytes), attributes);
    }

    /**
     * Replaces {@code target} crash-safe: the content goes into a new temporary file {@code .<name>-<random>.tmp} in
     * the same folder (created with {@code attributes}), which is forced, renamed atomically onto the target, and then
     * the folder is forced. On failure the temporary file is removed and the target is left as it was.
     */
    public static void writeFile(Path target, FileContent content, FileAttribute<?>... attributes)
            throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(folder, "." + target.getFileName() + "-", TEMP_FILE_SUFFIX, attributes);
        writeThenRename(temp, target, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Same as {@link #writeFile(Path, FileContent, FileAttribute[])} through a temporary file of the caller's name
     * (created or truncated), for files whose owner removes a leftover temporary file by its name when it opens.
     */
    public static void writeFile(Path target, Path temp, FileContent content) throws IOException {
        writeThenRename(temp, target, content, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void writeThenRename(Path temp, Path target, FileContent content, StandardOpenOption... options)
            throws IOException {
        try {
            try (FileChannel channel = FileChannel.open(temp, options)) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp, e);
            throw e;
        }
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /** Forces every file and folder below {@code dir}, and {@code dir} itself, to disk. */
    public static void forceTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                forceDirectory(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Forces a folder's entries (names created, renamed or removed in it) to disk. A file system that cannot open or
     * force a folder is tolerated: the rename is atomic all the same, only its durability is the file system's.
     */
    public static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Ignoring that folder {} cannot be forced to disk ({}); some file systems do not support it",
                    dir, e.toString());
        }
    }

    /**
     * Publishes a folder built under the temporary name {@code temp}: forces everything in it, renames it atomically
     * to {@code target} (which must not exist), and forces the parent, so that a reader sees nothing or all of it.
     */
    public static void publishFolder(Path temp, Path target) throws IOException {
        forceTree(temp);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Writes {@code content} into a new temporary folder {@code .tmp-<name>-<random>} beside {@code target}, then
     * removes an existing {@code target} and publishes the new folder in its place; on failure the temporary folder
     * is removed.
     */
    public static void replaceFolder(Path target, FolderContent content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = parent.resolve(TEMP_FOLDER_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        Files.createDirectory(temp);
        try {
            content.writeTo(temp);
            deleteTree(target);
            publishFolder(temp, target);
        } catch (IOException | RuntimeException e) {
            deleteTree(temp);
            throw e;
        }
    }

    /** Removes {@code dir} with everything in it; nothing happens when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteQuietly(Path temp, Exception cause) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
