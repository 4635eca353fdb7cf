package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A ZIP attachment yields its documents, nested ZIPs included, and stops at every hostile construct with a problem. */
class BoundedZipTest {

    private static final byte[] INVOICE = "<?xml version=\"1.0\"?><Invoice/>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    private final List<String> problems = new ArrayList<>();

    @Test
    void xmlInsideAZipInsideAZipIsFoundAtDepthTwo() throws Exception {
        Path a = write("a.zip", zip(Map.of("b.zip", zip(Map.of("inv.xml", INVOICE)))));

        List<EmbeddedDocument> documents = BoundedZip.extract(a, "a.zip", ContainerLimits.defaults(), problems);

        assertThat(problems).isEmpty();
        assertThat(documents).singleElement().satisfies(document -> {
            assertThat(document.path()).isEqualTo("a.zip!/b.zip!/inv.xml");
            assertThat(document.name()).isEqualTo("inv.xml");
            assertThat(document.content()).isEqualTo(INVOICE);
            assertThat(document.kind()).isEqualTo(DocumentKind.XML);
        });
    }

    @Test
    void zipAtDepthThreeIsRejectedWithAProblem() throws Exception {
        byte[] c = zip(Map.of("inv.xml", INVOICE));
        Path a = write("a.zip", zip(Map.of("b.zip", zip(Map.of("c.zip", c)))));

        List<EmbeddedDocument> documents = BoundedZip.extract(a, "a.zip", ContainerLimits.defaults(), problems);

        assertThat(documents).isEmpty();
        assertThat(problems).containsExactly("nesting too deep, skipped: a.zip!/b.zip!/c.zip (more than 2 ZIP levels)");
    }

    @Test
    void zipBombStopsQuicklyKeepingWhatCameBefore() throws Exception {
        Path bomb = folder.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            out.putNextEntry(new ZipEntry("before.xml"));
            out.write(INVOICE);
            out.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] megabyte = new byte[1024 * 1024];
            for (int i = 0; i < 200; i++) {
                out.write(megabyte);
            }
            out.putNextEntry(new ZipEntry("after.xml"));
            out.write(INVOICE);
        }
        assertThat(Files.size(bomb)).as("compressed size of 200 MB of zeros").isLessThan(1024 * 1024);

        long start = System.nanoTime();
        List<EmbeddedDocument> documents = BoundedZip.extract(bomb, "bomb.zip", ContainerLimits.defaults(), problems);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(documents).extracting(EmbeddedDocument::path).containsExactly("bomb.zip!/before.xml");
        assertThat(problems).singleElement().asString().startsWith("zip bomb suspected: bomb.zip!/zeros.bin");
    }

    @Test
    void manySmallCompressibleEntriesStopAtTheTotalLimit() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        byte[] spaces = new byte[512 * 1024];
        Arrays.fill(spaces, (byte) ' ');
        for (int i = 0; i < 40; i++) {
            entries.put("part" + i + ".txt", spaces);
        }
        ContainerLimits limits = new ContainerLimits(ContainerLimits.DEFAULT_MAX_PDF_BYTES,
                ContainerLimits.DEFAULT_MAX_ENTRY_BYTES, ContainerLimits.DEFAULT_MAX_ENTRIES, 4 * 1024 * 1024,
                Integer.MAX_VALUE, ContainerLimits.DEFAULT_MAX_NESTING_DEPTH);

        List<EmbeddedDocument> documents = BoundedZip.extract(write("many.zip", zip(entries)), "many.zip", limits,
                problems);

        assertThat(documents.stream().mapToLong(d -> d.content().length).sum()).isLessThanOrEqualTo(4 * 1024 * 1024);
        assertThat(problems).singleElement().asString()
                .startsWith("zip bomb suspected: more than 4194304 bytes decompressed, stopped at many.zip!/part");
    }

    @Test
    void unsafeEntryPathsAreRejectedAndNothingIsWritten() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("../evil.xml", INVOICE);
        entries.put("/abs.xml", INVOICE);
        entries.put("C:\\x.xml", INVOICE);
        entries.put("sub/../../up.xml", INVOICE);
        entries.put("2024/inv.xml", INVOICE);
        Path zip = write("paths.zip", zip(entries));

        List<EmbeddedDocument> documents = BoundedZip.extract(zip, "paths.zip", ContainerLimits.defaults(), problems);

        assertThat(documents).extracting(EmbeddedDocument::path, EmbeddedDocument::name)
                .containsExactly(tuple("paths.zip!/2024/inv.xml", "inv.xml"));
        assertThat(problems).containsExactly(
                "path entry rejected: ../evil.xml in paths.zip (parent segment)",
                "path entry rejected: /abs.xml in paths.zip (absolute path)",
                "path entry rejected: C:\\x.xml in paths.zip (drive letter)",
                "path entry rejected: sub/../../up.xml in paths.zip (parent segment)");
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(zip);
        }
        assertThat(folder.getParent().resolve("evil.xml")).doesNotExist();
    }

    @Test
    void tooManyEntriesStopWithAProblem() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            entries.put("inv" + i + ".xml", INVOICE);
        }
        ContainerLimits limits = new ContainerLimits(ContainerLimits.DEFAULT_MAX_PDF_BYTES,
                ContainerLimits.DEFAULT_MAX_ENTRY_BYTES, 10, ContainerLimits.DEFAULT_MAX_TOTAL_BYTES,
                ContainerLimits.DEFAULT_MAX_COMPRESSION_RATIO, ContainerLimits.DEFAULT_MAX_NESTING_DEPTH);

        List<EmbeddedDocument> documents = BoundedZip.extract(write("many.zip", zip(entries)), "many.zip", limits,
                problems);

        assertThat(documents).hasSize(10);
        assertThat(problems).containsExactly("too many entries: stopped after 10 entries in many.zip");
    }

    @Test
    void entryAboveTheEntryLimitIsSkippedAndTheRestRead() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("big.pdf", new byte[2000]);
        entries.put("inv.xml", INVOICE);
        ContainerLimits limits = new ContainerLimits(ContainerLimits.DEFAULT_MAX_PDF_BYTES, 1000,
                ContainerLimits.DEFAULT_MAX_ENTRIES, ContainerLimits.DEFAULT_MAX_TOTAL_BYTES,
                ContainerLimits.DEFAULT_MAX_COMPRESSION_RATIO, ContainerLimits.DEFAULT_MAX_NESTING_DEPTH);

        List<EmbeddedDocument> documents = BoundedZip.extract(new ByteArrayInputStream(zip(entries)), "x.zip", limits,
                problems);

        assertThat(documents).extracting(EmbeddedDocument::name).containsExactly("inv.xml");
        assertThat(problems).containsExactly("entry too large, skipped: x.zip!/big.pdf (more than 1000 bytes)");
    }

    @Test
    void truncatedOrGarbageZipYieldsAProblemNotAnException() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("first.xml", INVOICE);
        byte[] random = new byte[100_000];
        new Random(7).nextBytes(random);
        entries.put("second.bin", random);
        byte[] whole = zip(entries);

        List<EmbeddedDocument> documents = BoundedZip.extract(
                new ByteArrayInputStream(Arrays.copyOf(whole, whole.length / 2)), "cut.zip",
                ContainerLimits.defaults(), problems);
        List<EmbeddedDocument> garbage = BoundedZip.extract(new ByteArrayInputStream(random), "random.zip",
                ContainerLimits.defaults(), problems);

        assertThat(documents).extracting(EmbeddedDocument::name).containsExactly("first.xml");
        assertThat(garbage).isEmpty();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("zip unreadable: cut.zip (");
        assertThat(problems.get(1)).isEqualTo("zip has no entries: random.zip");
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(folder.resolve(name), content);
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
            }
        }
        return bytes.toByteArray();
    }
}
