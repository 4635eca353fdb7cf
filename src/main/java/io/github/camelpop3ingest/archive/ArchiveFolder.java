package io.github.camelpop3ingest.archive;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import io.github.camelpop3ingest.durable.DurableFiles;
import io.github.camelpop3ingest.exchange.CommitPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder of one message in the archive, {@code <archiveDir>/<account>/<uidl>/}, and the temporary folder it is
 * written in before it is renamed into place.
 */
final class ArchiveFolder {

    static final String MESSAGE_FILE = "message.eml";
    private static final String TEMP_PREFIX = ".tmp-";
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveFolder.class);

    private final Path target;
    private final Path temp;

    ArchiveFolder(Path archiveDir, String account, String uidl) {
        Path accountDir = archiveDir.resolve(ArchiveNames.encode(account));
        this.target = accountDir.resolve(ArchiveNames.encode(uidl));
        this.temp = temporaryFolder(accountDir, uidl);
    }

    /** Where the message is archived. */
    Path target() {
        return target;
    }

    /** Where the message is written before it is renamed into place. */
    Path temp() {
        return temp;
    }

    /** A crash mid-write leaves a temporary folder that was never renamed into place; its message was not confirmed. */
    static void removeTemporaryFolders(Path archiveDir) throws IOException {
        try (DirectoryStream<Path> accounts = Files.newDirectoryStream(archiveDir, Files::isDirectory)) {
            for (Path account : accounts) {
                try (DirectoryStream<Path> temps = Files.newDirectoryStream(account, TEMP_PREFIX + "*")) {
                    for (Path temp : temps) {
                        LOG.info("Removing incomplete archive folder {} left by an earlier run", temp);
                        DurableFiles.deleteTree(temp);
                    }
                }
            }
        }
    }

    /**
     * The folder a message is written in before it is renamed into place: one name per message, so that the folder a
     * writer left when it died mid-write is found in constant time, not by listing an account folder that holds every
     * archived message (that listing, once per message, made the archive quadratic).
     */
    private static Path temporaryFolder(Path accountDir, String uidl) {
        return accountDir.resolve(TEMP_PREFIX + ArchiveNames.encode(uidl));
    }

    /** The temporary folder, fresh, holding the spooled message as {@code message.eml}; returns that file. */
    Path stage(Path spooled) throws IOException {
        // One mkdir on the common path: the account folder and a leftover are found by its failure, not looked for
        // on every message (each look is a system call on a disk that the commit points keep busy).
        try {
            Files.createDirectory(temp);
        } catch (NoSuchFileException e) {
            Files.createDirectories(temp.getParent());
            Files.createDirectory(temp);
        } catch (FileAlreadyExistsException e) {
            removeLeftover(spooled);
            Files.createDirectory(temp);
        }
        Path eml = temp.resolve(MESSAGE_FILE);
        moveOrCopy(spooled, eml);
        return eml;
    }

    /**
     * Removes the folder a writer of this message left when it died mid-write: start-up removes such folders too, but
     * in a cluster the instance that takes over a mailbox may have started long before. When that folder holds the
     * bytes the spool no longer has (an attempt that died before it could put them back), they go back first.
     */
    void removeLeftover(Path spooled) throws IOException {
        if (Files.exists(temp)) {
            LOG.info("Removing incomplete archive folder {} left by an earlier run", temp);
            restoreSpool(spooled);
            DurableFiles.deleteTree(temp);
        }
    }

    /**
     * Renames the written folder into place: in place of a damaged copy when {@code replacing}; without a commit
     * point forced to disk at once, with one forced later by {@link #forceAt}.
     */
    void publish(CommitPoint commitPoint, boolean replacing) throws IOException {
        if (replacing) {
            replace();
        } else if (commitPoint == null) {
            DurableFiles.publishFolder(temp, target);
        } else {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Swaps a freshly written folder in for a damaged one, which is moved aside and then removed. */
    private void replace() throws IOException {
        DurableFiles.forceTree(temp);
        Path old = target.resolveSibling(TEMP_PREFIX + "replaced-" + target.getFileName() + "-" + UUID.randomUUID());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.forceDirectory(target.getParent());
        DurableFiles.deleteTree(old);
    }

    /**
     * With a commit point, the folder is renamed into place at once (later steps name it) and forced to disk at the
     * poll's commit point, before the message's key is confirmed; without one, {@link DurableFiles#publishFolder}
     * forced it.
     */
    void forceAt(CommitPoint commitPoint) {
        if (commitPoint != null) {
            commitPoint.add(target, () -> DurableFiles.forceTree(target));
            Path parent = target.getParent();
            commitPoint.add(parent, () -> DurableFiles.forceDirectory(parent));
        }
    }

    /** Gives the spool its bytes back and removes the temporary folder, after a failed attempt. */
    void discard(Path spooled) throws IOException {
        // The retry, or the next poll's attempt, needs the message bytes the spool held.
        restoreSpool(spooled);
        DurableFiles.deleteTree(temp);
    }

    /** Moves the message back where the spool had it, unless it is there already (a copy across file systems). */
    private void restoreSpool(Path spooled) {
        Path eml = temp.resolve(MESSAGE_FILE);
        try {
            if (Files.exists(eml) && !Files.exists(spooled)) {
                Files.move(eml, spooled, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not put {} back to {} ({}); the message is fetched again on the next poll", eml, spooled,
                    e.toString());
        }
    }

    private static void moveOrCopy(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Spool and archive on different filesystems: copy; the spool file is removed by the consumer.
            Files.copy(from, to);
        }
    }
}
