package io.github.camelpop3ingest.invoice;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.github.camelpop3ingest.testing.CorpusManifest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PDF whose cross-reference and object streams pdfbox would decode into more memory than the bound (16 MB, less on
 * a heap under 128 MB) is not opened, however honest its /Size and /N; real invoices stay far below it.
 */
class PdfStreamInflationLimitTest {

    private static final long MB = 1024 * 1024;
    private static final String PATH = "mail.eml#hostile.pdf";
    /** A heap of 8 MB, whose eighth gives a bound of 1 MB. */
    private static final HeapShare SMALL_HEAP = new HeapShare(8 * MB);

    @TempDir
    Path folder;

    private final List<String> problems = new ArrayList<>();

    @Test
    void xrefStreamInflatingTo300MegabytesIsNotOpenedAndQuickly() {
        byte[] pdf = HostilePdfs.inflatingXrefStream(300 * MB);

        long start = System.nanoTime();
        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(pdf, PATH, ContainerLimits.defaults(), problems);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(pdf.length).isLessThan(400_000);
        assertThat(documents).isEmpty();
        assertThat(problems).containsExactly(tooLarge(PdfEmbeddedFiles.decodedStreamBound(HeapShare.ofThisJvm())));
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void objectStreamInflatingTo300MegabytesIsNotOpenedAndQuickly() {
        byte[] pdf = HostilePdfs.inflatingObjectStream(300 * MB);

        long start = System.nanoTime();
        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(pdf, PATH, ContainerLimits.defaults(), problems);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(pdf.length).isLessThan(400_000);
        assertThat(documents).isEmpty();
        assertThat(problems).containsExactly(tooLarge(PdfEmbeddedFiles.decodedStreamBound(HeapShare.ofThisJvm())));
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void objectStreamWithoutItsTypeIsCountedWhenPdfboxComesToDecodeIt() {
        byte[] pdf = HostilePdfs.inflatingUntypedObjectStream(300 * MB);

        long start = System.nanoTime();
        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(pdf, PATH, ContainerLimits.defaults(), problems);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(documents).isEmpty();
        assertThat(problems).containsExactly(tooLarge(PdfEmbeddedFiles.decodedStreamBound(HeapShare.ofThisJvm())));
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void objectStreamWithoutItsTypeWithinTheBoundIsOpened() {
        assertThat(extract(HostilePdfs.inflatingUntypedObjectStream(MB / 2))).extracting(EmbeddedDocument::name)
                .containsExactly(HostilePdfs.EMBEDDED_NAME);
        assertThat(problems).isEmpty();
    }

    @Test
    void boundIsSixteenMegabytesOrAnEighthOfASmallerHeap() {
        assertThat(PdfEmbeddedFiles.decodedStreamBound(new HeapShare(1024 * MB))).isEqualTo(16 * MB);
        assertThat(PdfEmbeddedFiles.decodedStreamBound(new HeapShare(128 * MB))).isEqualTo(16 * MB);
        assertThat(PdfEmbeddedFiles.decodedStreamBound(new HeapShare(64 * MB))).isEqualTo(8 * MB);
    }

    @Test
    void xrefStreamDecodingToExactlyTheBoundIsOpened() {
        assertThat(extract(HostilePdfs.inflatingXrefStream(MB))).extracting(EmbeddedDocument::name)
                .containsExactly(HostilePdfs.EMBEDDED_NAME);
        assertThat(problems).isEmpty();
    }

    @Test
    void oneByteMoreIsNotOpened() {
        assertThat(extract(HostilePdfs.inflatingXrefStream(MB + 1))).isEmpty();
        assertThat(problems).containsExactly(tooLarge(MB));
    }

    @Test
    void objectStreamWithinTheBoundIsOpened() {
        assertThat(extract(HostilePdfs.inflatingObjectStream(MB / 2))).extracting(EmbeddedDocument::name)
                .containsExactly(HostilePdfs.EMBEDDED_NAME);
        assertThat(problems).isEmpty();
    }

    @Test
    void eachFilterOfAnArrayIsDecodedInTurn() {
        assertThat(extract(HostilePdfs.inflatingHexObjectStream(2 * MB))).isEmpty();
        assertThat(problems).containsExactly(tooLarge(MB));
    }

    @Test
    void filterArrayWithinTheBoundIsOpened() {
        assertThat(extract(HostilePdfs.inflatingHexObjectStream(MB / 2))).extracting(EmbeddedDocument::name)
                .containsExactly(HostilePdfs.EMBEDDED_NAME);
        assertThat(problems).isEmpty();
    }

    @Test
    void predictorRowsCountBeforeAByteIsInflated() {
        // pdfbox allocates two rows of /Columns bytes for a PNG predictor: 200 MB from a PDF of 700 bytes.
        assertThat(extract(HostilePdfs.xrefStreamWithPredictorColumns(100_000_000))).isEmpty();
        assertThat(problems).containsExactly(tooLarge(MB));
    }

    @Test
    void lzwIsNotCounted() {
        assertThat(extract(HostilePdfs.objectStreamWithFilters("/Filter /LZWDecode", 1000))).isEmpty();
        assertThat(problems).containsExactly(
                "PDF streams uncountable, skipped: " + PATH + " (its object stream: /LZWDecode is not counted)");
    }

    @Test
    void unfilteredObjectStreamCostsNothingToDecode() {
        // pdfbox reads an unfiltered stream of a PDF it was given in place, without a copy.
        assertThat(extract(HostilePdfs.objectStreamWithFilters("", 2 * MB))).extracting(EmbeddedDocument::name)
                .containsExactly(HostilePdfs.EMBEDDED_NAME);
        assertThat(problems).isEmpty();
    }

    @Test
    void objectStreamOfAnEncryptedPdfCountsWhatItsLengthCouldBecome() {
        // Decrypted, even an unfiltered object stream is copied into memory to be read.
        byte[] pdf = HostilePdfs.markedEncrypted(HostilePdfs.objectStreamWithFilters("", 2 * MB));

        assertThat(extract(pdf)).isEmpty();
        assertThat(problems).containsExactly(tooLarge(MB));
    }

    static List<CorpusManifest.Row> pdfRowsWithXml() {
        return CorpusManifest.invoiceRows().stream()
                .filter(row -> row.get("file").toLowerCase(Locale.ROOT).endsWith(".pdf"))
                .filter(row -> !xmlNames(row).isEmpty())
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pdfRowsWithXml")
    void corpusPdfsYieldTheirXmlWithinAOneMegabyteBound(CorpusManifest.Row row) {
        Path pdf = CorpusManifest.invoicesDir().resolve(row.get("file"));

        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(pdf, row.get("file"), ContainerLimits.defaults(),
                SMALL_HEAP, problems);

        assertThat(problems).isEmpty();
        assertThat(documents).extracting(EmbeddedDocument::name).containsAll(xmlNames(row));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pdfRowsWithXml")
    void corpusPdfsEncryptedWithAnOwnerPasswordYieldTheirXml(CorpusManifest.Row row) throws Exception {
        Path encrypted = folder.resolve("encrypted.pdf");
        try (PDDocument document = Loader.loadPDF(CorpusManifest.invoicesDir().resolve(row.get("file")).toFile())) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "", new AccessPermission());
            policy.setEncryptionKeyLength(256);
            document.protect(policy);
            document.save(new File(encrypted.toString()));
        }

        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(encrypted, ContainerLimits.defaults(), problems);

        assertThat(problems).isEmpty();
        assertThat(documents).extracting(EmbeddedDocument::name).containsAll(xmlNames(row));
    }

    private List<EmbeddedDocument> extract(byte[] pdf) {
        return PdfEmbeddedFiles.extract(pdf, PATH, ContainerLimits.defaults(), SMALL_HEAP, problems);
    }

    private static String tooLarge(long bound) {
        return "PDF streams too large when decoded, skipped: " + PATH + " (more than " + bound + " bytes)";
    }

    private static List<String> xmlNames(CorpusManifest.Row row) {
        return Arrays.stream(row.get("embedded_xml_name").split(";")).map(String::strip)
                .filter(name -> !name.isEmpty() && !name.equals("(none)")).toList();
    }
}
