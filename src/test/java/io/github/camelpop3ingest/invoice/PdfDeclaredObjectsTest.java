package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A PDF that declares more objects than the limit is not opened, wherever it declares them; one within it is. */
class PdfDeclaredObjectsTest {

    private static final int SMALL_CAP = 1000;

    @TempDir
    Path folder;

    private final List<String> problems = new ArrayList<>();

    @Test
    void twentyMillionDeclaredObjectsAreNotOpened() throws Exception {
        Path pdf = Files.write(folder.resolve("hostile.pdf"), HostilePdfs.declaringObjects(20_000_000));

        long start = System.nanoTime();
        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(pdf, ContainerLimits.defaults(), problems);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(documents).isEmpty();
        assertThat(problems).containsExactly("PDF declares too many objects, skipped: hostile.pdf (20000000 objects,"
                + " limit " + ContainerLimits.DEFAULT_MAX_PDF_OBJECTS + ")");
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void pdfDeclaringAsManyObjectsAsTheLimitIsOpened() throws Exception {
        Path pdf = Files.write(folder.resolve("large.pdf"),
                HostilePdfs.declaringObjects(ContainerLimits.DEFAULT_MAX_PDF_OBJECTS));

        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(pdf, ContainerLimits.defaults(), problems);

        assertThat(problems).isEmpty();
        assertThat(documents).extracting(EmbeddedDocument::path)
                .containsExactly("large.pdf#" + HostilePdfs.EMBEDDED_NAME);
    }

    @Test
    void pdfInsideAZipIsCountedBeforeItIsOpened() throws Exception {
        byte[] hostile = HostilePdfs.declaringObjects(20_000_000);
        Path zip = Files.write(folder.resolve("bundle.zip"), zip("hostile.pdf", hostile));
        List<EmbeddedDocument> entries = BoundedZip.extract(zip, "bundle.zip", ContainerLimits.defaults(), problems);
        assertThat(entries).singleElement().extracting(EmbeddedDocument::kind).isEqualTo(DocumentKind.PDF);

        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(entries.get(0).content(), entries.get(0).path(),
                ContainerLimits.defaults(), problems);

        assertThat(documents).isEmpty();
        assertThat(problems).containsExactly("PDF declares too many objects, skipped: bundle.zip!/hostile.pdf"
                + " (20000000 objects, limit " + ContainerLimits.DEFAULT_MAX_PDF_OBJECTS + ")");
    }

    @Test
    void indexArrayOfAnXrefStreamCountsRatherThanItsSize() {
        assertThat(extract(HostilePdfs.declaringObjectsInIndex(SMALL_CAP + 1))).isEmpty();
        assertThat(problems).containsExactly(tooMany(SMALL_CAP + 1));
    }

    @Test
    void subsectionHeaderOfAnXrefTableCounts() {
        assertThat(extract(HostilePdfs.declaringObjectsInTable(SMALL_CAP + 1))).isEmpty();
        assertThat(problems).containsExactly(tooMany(SMALL_CAP + 1));
    }

    @Test
    void objectStreamCountCounts() {
        assertThat(extract(HostilePdfs.declaringObjectsInObjectStream(SMALL_CAP + 1))).isEmpty();
        assertThat(problems).containsExactly(tooMany(SMALL_CAP + 1));
    }

    @Test
    void xrefStreamWhoseHeaderHasACommentInsideCounts() {
        assertThat(extract(HostilePdfs.declaringObjectsBehindCommentedHeader(SMALL_CAP + 1))).isEmpty();
        assertThat(problems).containsExactly(tooMany(SMALL_CAP + 1));
    }

    @Test
    void xrefStreamWhoseHeaderIsGluedToTheWordBeforeCounts() {
        assertThat(extract(HostilePdfs.declaringObjectsBehindGluedHeader(SMALL_CAP + 1))).isEmpty();
        assertThat(problems).containsExactly(tooMany(SMALL_CAP + 1));
    }

    @Test
    void objectHeadersCountWhenThereIsNoCrossReferenceData() {
        assertThat(extract(HostilePdfs.holdingObjects(SMALL_CAP + 1))).isEmpty();
        assertThat(problems).containsExactly(tooMany(SMALL_CAP + 1));
    }

    @Test
    void sizeGivenByReferenceIsNotOpened() {
        assertThat(extract(HostilePdfs.declaringObjectsByReference(20))).isEmpty();
        assertThat(problems).containsExactly("PDF objects uncountable, skipped: mail.eml#hostile.pdf"
                + " (its cross-reference stream gives /Size by reference)");
    }

    @Test
    void eachVariantWithinTheLimitIsOpened() {
        for (byte[] pdf : List.of(HostilePdfs.declaringObjectsInIndex(SMALL_CAP),
                HostilePdfs.declaringObjectsBehindCommentedHeader(SMALL_CAP),
                HostilePdfs.declaringObjectsBehindGluedHeader(SMALL_CAP),
                HostilePdfs.declaringObjectsInTable(SMALL_CAP), HostilePdfs.declaringObjectsInObjectStream(SMALL_CAP),
                HostilePdfs.holdingObjects(SMALL_CAP))) {
            assertThat(extract(pdf)).extracting(EmbeddedDocument::name).containsExactly(HostilePdfs.EMBEDDED_NAME);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void sizeOfAnEmbeddedFileIsNotAnObjectCount() throws Exception {
        // A real Factur-X PDF: its file specifications' /Params give the attachments' bytes as /Size.
        Path pdf = CorpusManifest.invoicesDir().resolve("fx_en16931_three_attachments_204.pdf");
        assertThat(Files.readString(pdf, StandardCharsets.ISO_8859_1)).contains("/Size 843023");

        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(pdf, limits(SMALL_CAP), problems);

        assertThat(problems).isEmpty();
        assertThat(documents).isNotEmpty();
    }

    private List<EmbeddedDocument> extract(byte[] pdf) {
        return PdfEmbeddedFiles.extract(pdf, "mail.eml#hostile.pdf", limits(SMALL_CAP), problems);
    }

    private static String tooMany(long objects) {
        return "PDF declares too many objects, skipped: mail.eml#hostile.pdf (" + objects + " objects, limit "
                + SMALL_CAP + ")";
    }

    private static ContainerLimits limits(int maxPdfObjects) {
        ContainerLimits defaults = ContainerLimits.defaults();
        return new ContainerLimits(defaults.maxPdfBytes(), defaults.maxEntryBytes(), defaults.maxEntries(),
                defaults.maxTotalBytes(), defaults.maxCompressionRatio(), defaults.maxNestingDepth(), maxPdfObjects);
    }

    private static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry(name));
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
