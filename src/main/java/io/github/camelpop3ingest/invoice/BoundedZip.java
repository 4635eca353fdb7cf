package io.github.camelpop3ingest.invoice;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

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

    /**
     * Decompressed bytes an entry or archive may produce before its compression ratio is judged: small files of
     * repeated characters legitimately compress far better than 100:1, and this much costs nothing.
     */
    static final long RATIO_GRACE_BYTES = 1024L * 1024L;

    static final int BUFFER_SIZE = 64 * 1024;

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
        ZipArchiveWalker walker = new ZipArchiveWalker(limits, heap, problems, documents);
        try {
            walker.walk(zip, containerPath);
        } catch (ZipArchiveWalker.CallerFailure e) {
            throw e.getCause();
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
}
