package io.github.camelpop3ingest.invoice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An embedded file above the entry limit (or an eighth of a smaller heap) is skipped with a problem, however well it
 * compresses, and before pdfbox decodes it into memory.
 */
class PdfEmbeddedFileLimitTest {

    private static final long MB = 1024 * 1024;
    /** A heap of 8 MB, whose eighth keeps 1 MB of an embedded file in memory. */
    private static final HeapShare SMALL_HEAP = new HeapShare(8 * MB);

    @TempDir
    Path folder;

    @Test
    void oversizedEmbeddedFileIsSkipped() throws Exception {
        // 8 MB of zeros deflate to a few kilobytes inside the PDF: a small bomb against a 1 MB limit.
        Path pdf = TestPdfs.withEmbeddedFile(folder.resolve("big.pdf"), "zeros.xml", new byte[8 * 1024 * 1024], null);
        ContainerLimits limits = new ContainerLimits(ContainerLimits.DEFAULT_MAX_PDF_BYTES, 1024 * 1024,
                ContainerLimits.DEFAULT_MAX_ENTRIES, ContainerLimits.DEFAULT_MAX_TOTAL_BYTES,
                ContainerLimits.DEFAULT_MAX_COMPRESSION_RATIO, ContainerLimits.DEFAULT_MAX_NESTING_DEPTH);
        List<String> problems = new ArrayList<>();

        assertThat(PdfEmbeddedFiles.extract(pdf, limits, problems)).isEmpty();
        assertThat(problems).containsExactly("embedded file too large, skipped: big.pdf#zeros.xml (more than 1048576 bytes)");
    }

    @Test
    void embeddedFileThatPdfboxWouldDecodeIntoMemoryIsCountedFirst() {
        // FlateDecode with /DecodeParms goes through pdfbox, which inflates all of it before handing out a byte.
        byte[] pdf = HostilePdfs.inflatingEmbeddedFile(2 * MB);
        List<String> problems = new ArrayList<>();

        assertThat(PdfEmbeddedFiles.extract(pdf, "bomb.pdf", ContainerLimits.defaults(), SMALL_HEAP, problems))
                .isEmpty();
        assertThat(problems).containsExactly("embedded file too large, skipped: bomb.pdf#" + HostilePdfs.EMBEDDED_NAME
                + " (more than 1048576 bytes)");
    }

    @Test
    void embeddedFileThatPdfboxDecodesWithinTheLimitIsRead() {
        byte[] pdf = HostilePdfs.inflatingEmbeddedFile(MB);
        List<String> problems = new ArrayList<>();

        List<EmbeddedDocument> documents =
                PdfEmbeddedFiles.extract(pdf, "large.pdf", ContainerLimits.defaults(), SMALL_HEAP, problems);

        assertThat(problems).isEmpty();
        assertThat(documents).singleElement().extracting(document -> document.content().length)
                .isEqualTo((int) MB);
    }
}
