package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A PDF's name tree is read only as far as the entry limit goes: a hostile one could list millions of files. */
class PdfEmbeddedFileCountLimitTest {

    private static final ContainerLimits TEN_ENTRIES = new ContainerLimits(ContainerLimits.DEFAULT_MAX_PDF_BYTES,
            ContainerLimits.DEFAULT_MAX_ENTRY_BYTES, 10, ContainerLimits.DEFAULT_MAX_TOTAL_BYTES,
            ContainerLimits.DEFAULT_MAX_COMPRESSION_RATIO, ContainerLimits.DEFAULT_MAX_NESTING_DEPTH);

    @TempDir
    Path folder;

    private final List<String> problems = new ArrayList<>();

    @Test
    void nameTreeWithinTheLimitIsReadWhole() throws Exception {
        // The tree's one node and its nine names make ten steps.
        Path pdf = TestPdfs.withEmbeddedFiles(folder.resolve("nine.pdf"), files(9));

        assertThat(PdfEmbeddedFiles.extract(pdf, TEN_ENTRIES, problems)).hasSize(9);
        assertThat(problems).isEmpty();
    }

    @Test
    void nameTreeBeyondTheLimitIsNotRead() throws Exception {
        Path pdf = TestPdfs.withEmbeddedFiles(folder.resolve("ten.pdf"), files(10));

        assertThat(PdfEmbeddedFiles.extract(pdf, TEN_ENTRIES, problems)).isEmpty();
        assertThat(problems).containsExactly("PDF lists too many embedded files, stopped: ten.pdf (more than 10 name"
                + " tree nodes, names and attachments)");
    }

    private static Map<String, byte[]> files(int count) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            files.put("file-" + i + ".txt", ("file " + i).getBytes(StandardCharsets.US_ASCII));
        }
        return files;
    }
}
