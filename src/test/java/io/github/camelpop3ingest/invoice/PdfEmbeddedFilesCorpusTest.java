package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every PDF of the shared invoice corpus yields exactly the embedded XML files its manifest names. */
class PdfEmbeddedFilesCorpusTest {

    static List<CorpusManifest.Row> pdfRows() {
        List<CorpusManifest.Row> rows = CorpusManifest.invoiceRows().stream()
                .filter(row -> row.get("file").toLowerCase(Locale.ROOT).endsWith(".pdf"))
                .toList();
        if (rows.isEmpty()) {
            throw new IllegalStateException("invoices/MANIFEST.tsv lists no PDF; the corpus test cannot run");
        }
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pdfRows")
    void findsTheEmbeddedXmlTheManifestNames(CorpusManifest.Row row) {
        Path pdf = CorpusManifest.invoicesDir().resolve(row.get("file"));
        List<String> problems = new ArrayList<>();

        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(pdf, ContainerLimits.defaults(), problems);

        List<EmbeddedDocument> xml = documents.stream().filter(d -> d.kind() == DocumentKind.XML).toList();
        assertThat(problems).as("problems of %s", row).isEmpty();
        assertThat(xml).extracting(EmbeddedDocument::name).as("embedded XML of %s (all: %s)", row, documents)
                .containsExactlyInAnyOrderElementsOf(expectedXmlNames(row));
        for (EmbeddedDocument document : xml) {
            assertThat(document.path()).isEqualTo(row.get("file") + "#" + document.name());
            assertThat(new String(document.content(), StandardCharsets.UTF_8).replace("\uFEFF", "").strip())
                    .as("content of %s", document.path()).startsWith("<");
        }
    }

    /** The column holds one name, several separated by ';', or "(none)" or nothing for a plain PDF. */
    private static List<String> expectedXmlNames(CorpusManifest.Row row) {
        String column = row.get("embedded_xml_name").strip();
        if (column.isEmpty() || column.equals("(none)")) {
            return List.of();
        }
        return Arrays.stream(column.split(";")).map(String::strip).filter(name -> !name.isEmpty()).toList();
    }
}
