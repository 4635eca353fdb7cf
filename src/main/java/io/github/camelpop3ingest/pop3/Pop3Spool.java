package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mailbox's files in the spool folder, which several mailboxes may share: a message lives in its file from RETR
 * until its exchange completes. Thread-safe: the fetching thread creates files, completion callbacks delete them.
 */
final class Pop3Spool {

    // The consumer's category: operators follow a poll's lines under one logger name.
    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestConsumer.class);

    private static final Set<StandardOpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);

    private final Path folder;
    /** {@code pop3-} and a short hash of the account. */
    private final String prefix;
    /** Tells this instance's files from those of an earlier run or of another process. */
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final AtomicLong sequence = new AtomicLong();
    /** rw------- where the file system has POSIX permissions; null where it has none. */
    private final FileAttribute<?> ownerOnly;

    Pop3Spool(Path folder, Pop3Account account) {
        this.folder = folder;
        this.prefix = "pop3-" + Integer.toHexString(account.toString().hashCode()) + "-";
        this.ownerOnly = folder.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) : null;
    }

    /**
     * Spool files left by a crash belong to unconfirmed messages, which the next poll fetches again. Only this
     * mailbox's files: several mailboxes may share a spool folder.
     */
    void clean() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, prefix + "*.eml")) {
            for (Path f : files) {
                LOG.info("Removing spool file {} left by an earlier run; its message is fetched again", f);
                Files.deleteIfExists(f);
            }
        }
    }

    /** A spool file just created for one message, and the stream that writes it. */
    record NewFile(Path path, OutputStream out) {
    }

    /**
     * A new spool file for one message, readable by its owner only (the archive's {@code message.eml} is this file,
     * renamed), created and opened in one system call: a drain's fetching thread makes one per message, and the
     * temporary-file helper's create, close and reopen cost it 1.6 s of openat in a drain of 3000 small mails.
     */
    NewFile create() throws IOException {
        while (true) {
            Path file = folder.resolve(prefix + run + "-" + sequence.incrementAndGet() + ".eml");
            try {
                FileChannel channel = ownerOnly == null ? FileChannel.open(file, CREATE)
                        : FileChannel.open(file, CREATE, ownerOnly);
                return new NewFile(file, Channels.newOutputStream(channel));
            } catch (FileAlreadyExistsException e) {
                // Another process's file of the same mailbox (a cluster sharing the folder): the next number.
                LOG.debug("Spool file {} exists already, taking the next name", file);
            }
        }
    }

    /** Removes a spool file nobody needs any more; a file that stays is removed at the next start. */
    static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove spool file {} ({}); it is removed at the next start", file, e.getMessage());
        }
    }
}
