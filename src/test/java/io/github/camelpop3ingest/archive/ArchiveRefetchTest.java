package io.github.camelpop3ingest.archive;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

import io.github.camelpop3ingest.exchange.CommitPoint;
import io.github.camelpop3ingest.exchange.IngestExchange;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message fetched again because its key was never confirmed: an intact archived copy is kept as it is, a damaged
 * one (a write cut short by a power loss) is replaced; with a poll's {@link CommitPoint} the folder is in place at once
 * and its forcing waits for the commit point.
 */
class ArchiveRefetchTest {

    private static final byte[] MESSAGE = ("From: a@example.com\r\nSubject: refetched\r\nMessage-ID: <r@example.com>\r\n"
            + "\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    private final CamelContext context = new DefaultCamelContext();
    private ArchiveWriter writer;
    private int spooled;

    @AfterEach
    void stop() {
        context.stop();
    }

    private Exchange archive(CommitPoint batch) throws Exception {
        if (writer == null) {
            writer = new ArchiveWriter(tmp.resolve("archive"));
            writer.start();
        }
        Path spool = tmp.resolve("spool-" + (++spooled) + ".eml");
        Files.write(spool, MESSAGE);
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setBody(spool.toFile());
        exchange.getIn().setHeader(IngestExchange.ACCOUNT, "alice@localhost:995");
        exchange.getIn().setHeader(IngestExchange.UIDL, "UID-1");
        if (batch != null) {
            exchange.setProperty(IngestExchange.COMMIT_POINT_PROPERTY, batch);
        }
        writer.archive(exchange);
        return exchange;
    }

    private static Object inode(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private long temporaryFolders(Path accountDir) throws Exception {
        try (Stream<Path> s = Files.list(accountDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).count();
        }
    }

    @Test
    void anIntactCopyIsKeptAndADamagedOneIsReplaced() throws Exception {
        Path folder = archive(null).getIn().getHeader(IngestExchange.ARCHIVE_FOLDER, Path.class);
        Path eml = folder.resolve(ArchiveWriter.MESSAGE_FILE);
        Object first = inode(eml);

        Exchange again = archive(null);
        assertThat(again.getIn().getHeader(IngestExchange.ALREADY_ARCHIVED, false, Boolean.class)).isTrue();
        assertThat(inode(eml)).isEqualTo(first);

        Files.write(eml, new byte[0]); // what a power loss can leave of a file renamed into place but never forced
        Exchange repaired = archive(null);
        assertThat(repaired.getIn().getHeader(IngestExchange.ALREADY_ARCHIVED, false, Boolean.class)).isFalse();
        assertThat(Files.readAllBytes(eml)).isEqualTo(MESSAGE);
        assertThat(folder.resolve("envelope.json")).isNotEmptyFile();
        assertThat(temporaryFolders(folder.getParent())).isZero();
    }

    @Test
    void theFolderAWriterLeftWhenItDiedIsRemovedWhenTheMessageIsArchived() throws Exception {
        // A writer (another instance, in a cluster) died mid-write of this message, after its own start-up clean-up.
        writer = new ArchiveWriter(tmp.resolve("archive"));
        writer.start();
        Path accountDir = tmp.resolve("archive").resolve(ArchiveNames.encode("alice@localhost:995"));
        Path leftover = accountDir.resolve(".tmp-" + ArchiveNames.encode("UID-1"));
        Files.createDirectories(leftover.resolve("parts"));
        Files.writeString(leftover.resolve("message.eml"), "half a mess");

        Path folder = archive(null).getIn().getHeader(IngestExchange.ARCHIVE_FOLDER, Path.class);
        assertThat(folder.resolve(ArchiveWriter.MESSAGE_FILE)).hasBinaryContent(MESSAGE);
        assertThat(temporaryFolders(accountDir)).isZero();
    }

    @Test
    void withABatchTheFolderIsInPlaceAtOnceAndForcedAtTheCommitPoint() throws Exception {
        CommitPoint batch = new CommitPoint(null);
        Path folder = archive(batch).getIn().getHeader(IngestExchange.ARCHIVE_FOLDER, Path.class);
        assertThat(folder.resolve(ArchiveWriter.MESSAGE_FILE)).hasBinaryContent(MESSAGE);
        assertThat(batch.isEmpty()).isFalse();
        batch.forceAll();
        assertThat(batch.isEmpty()).isTrue();

        // Fetched again before its key was confirmed: kept, and forced again, since it may never have been.
        CommitPoint next = new CommitPoint(null);
        archive(next);
        assertThat(next.isEmpty()).isFalse();
    }
}
