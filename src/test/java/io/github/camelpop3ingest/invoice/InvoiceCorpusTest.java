package io.github.camelpop3ingest.invoice;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every XML invoice of the shared corpus reads to the values its manifest gives (BT-1, BT-2, BT-3, BT-5, BT-115,
 * BT-27) without problems. PDF rows belong to PDF extraction and are not read here.
 */
class InvoiceCorpusTest {

    static List<CorpusManifest.Row> xmlRows() {
        return CorpusManifest.invoiceRows().stream()
                .filter(row -> row.get("file").toLowerCase(Locale.ROOT).endsWith(".xml"))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("xmlRows")
    void readsWhatTheManifestExpects(CorpusManifest.Row row) throws Exception {
        Path file = CorpusManifest.invoicesDir().resolve(row.get("file"));
        Invoice invoice;
        try (InputStream in = Files.newInputStream(file)) {
            invoice = new XmlInvoiceReader().read(in, row.get("file")).orElseThrow();
        }

        assertThat(row.get("format")).startsWith(invoice.format());
        assertThat(invoice.number()).isEqualTo(row.get("invoice_number"));
        assertThat(invoice.issueDate()).isEqualTo(row.get("issue_date"));
        assertThat(invoice.currency()).isEqualTo(row.get("currency"));
        assertThat(invoice.totals().payable()).isEqualTo(row.get("payable_amount"));
        assertThat(invoice.typeCode()).isEqualTo(row.get("document_type_code"));
        assertThat(invoice.seller().name()).isEqualTo(row.get("seller_name"));
        assertThat(invoice.path()).isEqualTo(row.get("file"));
        assertThat(invoice.lineCount()).isPositive();
        assertThat(invoice.profile()).isNotNull();
        assertThat(invoice.problems()).isEmpty();
        assertThat(invoice.needsReview()).isFalse();
    }
}
