package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks one attachment's ZIP and the ZIPs nested in it, measuring every entry against {@link ContainerLimits}; the
 * budgets are shared by all nesting levels.
 */
final class ZipArchiveWalker {

    /** Logged under {@link BoundedZip}, whose work this is, so that logging is configured in one place. */
    private static final Logger LOG = LoggerFactory.getLogger(BoundedZip.class);

    /**
     * Names without the UTF-8 flag are decoded with the DOS code page Windows' "send to compressed folder" writes;
     * it maps every byte, so a foreign name yields odd characters rather than an exception.
     */
    private static final Charset LEGACY_NAME_CHARSET =
            Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;

    private final ContainerLimits limits;
    private final List<String> problems;
    private final Consumer<EmbeddedDocument> consumer;
    /** The most bytes of one entry kept in memory: the entry limit, or less on a small heap. */
    private final long inMemoryBytes;
    private int entries;
    private int documents;
    private long totalBytes;
    private boolean stopped;

    ZipArchiveWalker(ContainerLimits limits, HeapShare heap, List<String> problems,
            Consumer<EmbeddedDocument> consumer) {
        this.limits = limits;
        this.problems = problems;
        this.consumer = consumer;
        this.inMemoryBytes = heap.bound(limits.maxEntryBytes());
    }

    /** Reads the attachment's archive and every archive nested in it. */
    void walk(InputStream zip, String containerPath) {
        readArchive(zip, containerPath, 1);
        LOG.debug("Read {} entries, {} bytes decompressed, from {}; {} documents",
                entries, totalBytes, containerPath, documents);
    }

    private void readArchive(InputStream source, String containerPath, int depth) {
        ZipCountingInputStream counted = new ZipCountingInputStream(source);
        ArchiveMeter archive = new ArchiveMeter();
        try (ZipInputStream zip = new ZipInputStream(counted, LEGACY_NAME_CHARSET)) {
            ZipEntry entry;
            int entriesHere = 0;
            while (!stopped && (entry = zip.getNextEntry()) != null) {
                entriesHere++;
                entries++;
                if (entries > limits.maxEntries()) {
                    stop("too many entries: stopped after " + limits.maxEntries() + " entries in "
                            + ProblemTexts.quote(containerPath));
                    return;
                }
                readEntry(zip, entry, counted, archive, containerPath, depth);
            }
            if (entriesHere == 0) {
                // ZipInputStream reads a non-ZIP as an empty archive; say so rather than return nothing silently.
                problems.add("zip has no entries: " + ProblemTexts.quote(containerPath));
            }
        } catch (CallerFailure e) {
            // The caller's own failure, not the archive's: it goes back to the caller as it was.
            throw e;
        } catch (IOException | RuntimeException e) {
            // ZipException, EOFException, a CRC mismatch, IllegalArgumentException for a malformed name:
            // all mean the rest of this archive cannot be trusted; what was read before stays.
            problems.add("zip unreadable: " + ProblemTexts.quote(containerPath) + " ("
                    + ProblemTexts.cause(e) + ")");
            LOG.debug("Stopped reading {}", containerPath, e);
        }
    }

    private void readEntry(ZipInputStream zip, ZipEntry entry, ZipCountingInputStream counted,
            ArchiveMeter archive, String containerPath, int depth) throws IOException {
        String entryName = entry.getName();
        String path = containerPath + EmbeddedDocument.ZIP_SEPARATOR + entryName;
        String unsafe = BoundedZip.unsafePathReason(entryName);
        if (unsafe != null) {
            problems.add("path entry rejected: " + ProblemTexts.quote(entryName) + " in "
                    + ProblemTexts.quote(containerPath) + " (" + unsafe + ")");
            // Still decompressed, so that a bomb hidden behind a rejected name is measured all the same.
            readBounded(zip, counted, archive, path, false);
            return;
        }
        byte[] content = readBounded(zip, counted, archive, path, !entry.isDirectory());
        if (content == null || entry.isDirectory()) {
            return;
        }
        String name = entryName.substring(entryName.lastIndexOf('/') + 1);
        if (DocumentSniffer.sniff(content, name, null) == DocumentKind.ZIP) {
            if (depth >= limits.maxNestingDepth()) {
                problems.add("nesting too deep, skipped: " + ProblemTexts.quote(path) + " (more than "
                        + limits.maxNestingDepth() + " ZIP levels)");
                return;
            }
            readArchive(new ByteArrayInputStream(content), path, depth + 1);
            return;
        }
        documents++;
        try {
            consumer.accept(new EmbeddedDocument(path, name, content));
        } catch (RuntimeException e) {
            throw new CallerFailure(e);
        }
    }

    /**
     * Decompresses the current entry to its end, measuring every chunk against the limits as it is read, since
     * a ZIP's size headers are written by the attacker.
     *
     * @return the content, or {@code null} if it was not kept, too large, or extraction stopped
     */
    private byte[] readBounded(ZipInputStream zip, ZipCountingInputStream counted, ArchiveMeter archive,
            String path, boolean keep) throws IOException {
        long compressedStart = counted.count();
        long entryBytes = 0;
        ZipEntryBuffer buffer = keep ? new ZipEntryBuffer(inMemoryBytes) : null;
        byte[] chunk = new byte[BoundedZip.BUFFER_SIZE];
        int n;
        while ((n = zip.read(chunk)) > 0) {
            entryBytes += n;
            totalBytes += n;
            archive.uncompressed += n;
            if (totalBytes > limits.maxTotalBytes()) {
                stop("zip bomb suspected: more than " + limits.maxTotalBytes()
                        + " bytes decompressed, stopped at " + ProblemTexts.quote(path));
                return null;
            }
            if (exceedsRatio(entryBytes, counted.count() - compressedStart)
                    || exceedsRatio(archive.uncompressed, counted.count())) {
                stop("zip bomb suspected: " + ProblemTexts.quote(path) + " expands more than "
                        + limits.maxCompressionRatio() + ":1");
                return null;
            }
            if (buffer != null && !buffer.add(chunk, n)) {
                // Drop what was kept at once; the rest is still decompressed to measure the archive.
                buffer = null;
            }
        }
        if (!keep) {
            return null;
        }
        if (entryBytes > limits.maxEntryBytes()) {
            problems.add("entry too large, skipped: " + ProblemTexts.quote(path) + " (more than "
                    + limits.maxEntryBytes() + " bytes)");
            return null;
        }
        if (buffer == null) {
            problems.add("entry too large for memory, skipped: " + ProblemTexts.quote(path) + " (more than "
                    + inMemoryBytes + " bytes with this heap)");
            return null;
        }
        return buffer.toByteArray();
    }

    private boolean exceedsRatio(long uncompressed, long compressed) {
        return uncompressed > BoundedZip.RATIO_GRACE_BYTES
                && uncompressed > (double) limits.maxCompressionRatio() * Math.max(1, compressed);
    }

    private void stop(String problem) {
        problems.add(problem);
        stopped = true;
    }

    /** Carries what the caller's consumer threw past the handling of broken archives, back to the caller. */
    static final class CallerFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        CallerFailure(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    /** Decompressed bytes of one archive level, judged against all compressed bytes that level consumed. */
    private static final class ArchiveMeter {

        private long uncompressed;
    }
}
