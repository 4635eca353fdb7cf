package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mailbox's files in the spool folder, which several mailboxes may share: a message lives in its file from RETR
 * until its exchange completes. Thread-safe: the fetching thread creates files, completion callbacks delete them.
 */
final class Pop3Spool {

    // The consumer's category: operators follow a poll's lines under one logger name.
    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestConsumer.class);

    private final Path folder;
    /** {@code pop3-} and a short hash of the account. */
    private final String prefix;

    Pop3Spool(Path folder, Pop3Account account) {
        this.folder = folder;
        this.prefix = "pop3-" + Integer.toHexString(account.toString().hashCode()) + "-";
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

    /** A new, empty spool file for one message. */
    Path newFile() throws IOException {
        return Files.createTempFile(folder, prefix, ".eml");
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
