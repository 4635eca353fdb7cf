package io.github.camelpop3ingest.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.nio.file.attribute.BasicFileAttributes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe folder writes: build a folder under a temporary name, fsync everything in it, then rename it into
 * place, so that a reader sees either nothing or the whole folder.
 */
final class DurableFolders {

    private static final Logger LOG = LoggerFactory.getLogger(DurableFolders.class);

    private DurableFolders() {
    }

    /** fsyncs every file and folder below {@code temp}, renames it atomically to {@code target}, fsyncs the parent. */
    static void publish(Path temp, Path target) throws IOException {
        forceTree(temp);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(target.getParent());
    }

    static void forceTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.force(true);
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

    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some filesystems cannot fsync a directory; the file contents are already forced.
            LOG.debug("Ignoring that directory {} cannot be forced: {}", dir, e.getMessage());
        }
    }

    static void deleteTree(Path dir) throws IOException {
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

    /** What goes into a folder that {@link #replace} publishes. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path folder) throws IOException;
    }

    /**
     * Writes {@code content} into a temporary folder beside {@code target}, forces it and puts it in target's place,
     * replacing an earlier folder of that name (a replay's); on failure the temporary folder is removed.
     */
    static void replace(Path target, Content content) throws IOException {
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temp = parent.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
        Files.createDirectory(temp);
        try {
            content.writeTo(temp);
            deleteTree(target);
            publish(temp, target);
        } catch (IOException | RuntimeException e) {
            deleteTree(temp);
            throw e;
        }
    }
}
