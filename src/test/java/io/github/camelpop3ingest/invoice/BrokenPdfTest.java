package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A truncated, garbage, empty or oversized PDF yields no documents and a problem naming it, never an exception. */
class BrokenPdfTest {

    @TempDir
    Path folder;

    @Test
    void truncatedFacturXPdfYieldsAProblem() throws Exception {
        byte[] whole = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("fx_en16931_weclapp.pdf"));
        Path truncated = Files.write(folder.resolve("truncated.pdf"), Arrays.copyOf(whole, 1500));
        List<String> problems = new ArrayList<>();

        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(truncated, ContainerLimits.defaults(), problems);

        assertThat(documents).isEmpty();
        assertThat(problems).first().asString().isEqualTo("PDF truncated, no %%EOF at its end: truncated.pdf");
    }

    @Test
    void garbageAfterAPdfHeaderYieldsAProblem() {
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, garbage, 0, 9);
        List<String> problems = new ArrayList<>();

        List<EmbeddedDocument> documents =
                PdfEmbeddedFiles.extract(garbage, "mail.eml#garbage.pdf", ContainerLimits.defaults(), problems);

        assertThat(documents).isEmpty();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("PDF unreadable: mail.eml#garbage.pdf ("));
    }

    @Test
    void emptyFileYieldsAProblem() throws Exception {
        Path empty = Files.createFile(folder.resolve("empty.pdf"));
        List<String> problems = new ArrayList<>();

        assertThat(PdfEmbeddedFiles.extract(empty, ContainerLimits.defaults(), problems)).isEmpty();
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).contains("empty.pdf"));
    }

    @Test
    void pdfAboveTheSizeLimitIsNotOpened() throws Exception {
        Path pdf = CorpusManifest.invoicesDir().resolve("fx_minimum.pdf");
        ContainerLimits limits = new ContainerLimits(1000, 1000, 10, 1000, 100, 2);
        List<String> problems = new ArrayList<>();

        assertThat(PdfEmbeddedFiles.extract(pdf, limits, problems)).isEmpty();
        assertThat(problems).singleElement().asString().startsWith("PDF too large, skipped: fx_minimum.pdf (");
    }
}
