package io.github.camelpop3ingest.invoice;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the entries of a ZIP attachment into memory one at a time within {@link ContainerLimits}, following nested
 * ZIPs and stopping at zip bombs, unsafe entry paths and too many entries with a problem instead of an exception.
 * <p>
 * An entry is handed to the caller as soon as it is read and its bytes are not kept after that, so an archive costs
 * the memory of its largest entry, not of all of them; while a nested ZIP's entries are handed, the nested ZIP's own
 * bytes are held too. An entry is kept in memory only up to {@link ContainerLimits#maxEntryBytes()} or an eighth of
 * the heap, whichever is less (see {@code HeapShare}).
 */
public final class BoundedZip {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedZip.class);

    /**
     * Decompressed bytes an entry or archive may produce before its compression ratio is judged: small files of
     * repeated characters legitimately compress far better than 100:1, and this much costs nothing.
     */
    static final long RATIO_GRACE_BYTES = 1024L * 1024L;

    private static final int BUFFER_SIZE = 64 * 1024;

    /**
     * Names without the UTF-8 flag are decoded with the DOS code page Windows' "send to compressed folder" writes;
     * it maps every byte, so a foreign name yields odd characters rather than an exception.
     */
    private static final Charset LEGACY_NAME_CHARSET =
            Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;

    private BoundedZip() {}

    /**
     * Reads the ZIP file's entries; never throws for hostile or broken input.
     *
     * @param zip the ZIP file
     * @param containerPath the path the entries' paths start with, e.g. the attachment's name {@code bundle.zip}
     * @param limits the bounds to stay within
     * @param problems receives one line per entry or archive that was rejected, skipped or unreadable
     * @return every file entry read safely, nested ZIPs replaced by their entries, in archive order; all of them in
     *     memory at once, so prefer {@link #extract(Path, String, ContainerLimits, List, Consumer)} for large archives
     */
    public static List<EmbeddedDocument> extract(
            Path zip, String containerPath, ContainerLimits limits, List<String> problems) {
        List<EmbeddedDocument> documents = new ArrayList<>();
        extract(zip, containerPath, limits, problems, documents::add);
        return List.copyOf(documents);
    }

    /**
     * Reads the ZIP file's entries, handing each to {@code documents} before reading the next; never throws for
     * hostile or broken input, only what {@code documents} throws.
     *
     * @param zip the ZIP file
     * @param containerPath the path the entries' paths start with, e.g. the attachment's name {@code bundle.zip}
     * @param limits the bounds to stay within
     * @param problems receives one line per entry or archive that was rejected, skipped or unreadable
     * @param documents receives every file entry read safely, nested ZIPs replaced by their entries, in archive
     *     order; it should not keep an entry's content longer than it needs it
     */
    public static void extract(Path zip, String containerPath, ContainerLimits limits, List<String> problems,
            Consumer<EmbeddedDocument> documents) {
        Objects.requireNonNull(zip, "zip");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(zip), BUFFER_SIZE)) {
            extract(in, containerPath, limits, problems, documents);
        } catch (IOException e) {
            problems.add("zip unreadable: " + ProblemTexts.quote(containerPath) + " (" + ProblemTexts.cause(e) + ")");
        }
    }

    /**
     * Reads the ZIP stream's entries, leaving the stream open for the caller to close; never throws for hostile or
     * broken input.
     *
     * @param zip the ZIP content
     * @param containerPath the path the entries' paths start with, e.g. the attachment's name {@code bundle.zip}
     * @param limits the bounds to stay within
     * @param problems receives one line per entry or archive that was rejected, skipped or unreadable
     * @return every file entry read safely, nested ZIPs replaced by their entries, in archive order; all of them in
     *     memory at once, so prefer {@link #extract(InputStream, String, ContainerLimits, List, Consumer)} for large
     *     archives
     */
    public static List<EmbeddedDocument> extract(
            InputStream zip, String containerPath, ContainerLimits limits, List<String> problems) {
        List<EmbeddedDocument> documents = new ArrayList<>();
        extract(zip, containerPath, limits, problems, documents::add);
        return List.copyOf(documents);
    }

    /**
     * Reads the ZIP stream's entries, handing each to {@code documents} before reading the next, and leaves the
     * stream open for the caller to close; never throws for hostile or broken input, only what {@code documents}
     * throws.
     *
     * @param zip the ZIP content
     * @param containerPath the path the entries' paths start with, e.g. the attachment's name {@code bundle.zip}
     * @param limits the bounds to stay within
     * @param problems receives one line per entry or archive that was rejected, skipped or unreadable
     * @param documents receives every file entry read safely, nested ZIPs replaced by their entries, in archive
     *     order; it should not keep an entry's content longer than it needs it
     */
    public static void extract(InputStream zip, String containerPath, ContainerLimits limits, List<String> problems,
            Consumer<EmbeddedDocument> documents) {
        extract(zip, containerPath, limits, HeapShare.ofThisJvm(), problems, documents);
    }

    /** As {@link #extract(InputStream, String, ContainerLimits, List, Consumer)}, on a heap of the given size. */
    static void extract(InputStream zip, String containerPath, ContainerLimits limits, HeapShare heap,
            List<String> problems, Consumer<EmbeddedDocument> documents) {
        Objects.requireNonNull(zip, "zip");
        Objects.requireNonNull(containerPath, "containerPath");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(heap, "heap");
        Objects.requireNonNull(problems, "problems");
        Objects.requireNonNull(documents, "documents");
        Extraction extraction = new Extraction(limits, heap, problems, documents);
        try {
            extraction.readArchive(zip, containerPath, 1);
        } catch (CallerFailure e) {
            throw e.getCause();
        }
        LOG.debug("Read {} entries, {} bytes decompressed, from {}; {} documents",
                extraction.entries, extraction.totalBytes, containerPath, extraction.documents);
    }

    /** The state of one attachment's extraction; the budgets are shared by all nesting levels. */
    private static final class Extraction {

        private final ContainerLimits limits;
        private final List<String> problems;
        private final Consumer<EmbeddedDocument> consumer;
        /** The most bytes of one entry kept in memory: the entry limit, or less on a small heap. */
        private final long inMemoryBytes;
        private int entries;
        private int documents;
        private long totalBytes;
        private boolean stopped;

        Extraction(ContainerLimits limits, HeapShare heap, List<String> problems,
                Consumer<EmbeddedDocument> consumer) {
            this.limits = limits;
            this.problems = problems;
            this.consumer = consumer;
            this.inMemoryBytes = heap.bound(limits.maxEntryBytes());
        }

        void readArchive(InputStream source, String containerPath, int depth) {
            CountingInputStream counted = new CountingInputStream(source);
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

        private void readEntry(ZipInputStream zip, ZipEntry entry, CountingInputStream counted,
                ArchiveMeter archive, String containerPath, int depth) throws IOException {
            String entryName = entry.getName();
            String path = containerPath + EmbeddedDocument.ZIP_SEPARATOR + entryName;
            String unsafe = unsafePathReason(entryName);
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
        private byte[] readBounded(ZipInputStream zip, CountingInputStream counted, ArchiveMeter archive,
                String path, boolean keep) throws IOException {
            long compressedStart = counted.count;
            long entryBytes = 0;
            EntryBuffer buffer = keep ? new EntryBuffer(inMemoryBytes) : null;
            byte[] chunk = new byte[BUFFER_SIZE];
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
                if (exceedsRatio(entryBytes, counted.count - compressedStart)
                        || exceedsRatio(archive.uncompressed, counted.count)) {
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
            return uncompressed > RATIO_GRACE_BYTES
                    && uncompressed > (double) limits.maxCompressionRatio() * Math.max(1, compressed);
        }

        private void stop(String problem) {
            problems.add(problem);
            stopped = true;
        }
    }

    /** Why a ZIP entry name could escape or confuse a target folder, or {@code null} if it is a safe relative path. */
    static String unsafePathReason(String name) {
        if (name.isEmpty()) {
            return "empty name";
        }
        if (name.startsWith("/")) {
            return "absolute path";
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            return "drive letter";
        }
        if (name.indexOf('\\') >= 0) {
            return "backslash";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return "parent segment";
            }
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return "control character";
            }
        }
        return null;
    }

    /**
     * The bytes of one entry, in an array that grows to at most the bound instead of a ByteArrayOutputStream, which
     * may double past it and copies everything once more at the end.
     */
    private static final class EntryBuffer {

        private final long bound;
        private byte[] bytes = new byte[0];
        private int length;

        EntryBuffer(long bound) {
            this.bound = bound;
        }

        /** Appends a chunk, or returns false when the entry would exceed the bound. */
        boolean add(byte[] chunk, int n) {
            if (length + (long) n > bound) {
                bytes = null;
                return false;
            }
            if (length + n > bytes.length) {
                long doubled = Math.max(BUFFER_SIZE, 2L * bytes.length);
                bytes = Arrays.copyOf(bytes, (int) Math.min(bound, Math.max(doubled, length + (long) n)));
            }
            System.arraycopy(chunk, 0, bytes, length, n);
            length += n;
            return true;
        }

        byte[] toByteArray() {
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }

    /** Carries what the caller's consumer threw past the handling of broken archives, back to the caller. */
    private static final class CallerFailure extends RuntimeException {

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

    /** Counts the compressed bytes ZipInputStream pulls; close does not reach the caller's stream. */
    private static final class CountingInputStream extends FilterInputStream {

        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += Math.max(0, skipped);
            return skipped;
        }

        @Override
        public void close() {
            // The caller owns the source stream; ZipInputStream's close only needs to free its Inflater.
        }
    }
}
