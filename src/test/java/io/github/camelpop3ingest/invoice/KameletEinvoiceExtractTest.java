package io.github.camelpop3ingest.invoice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.testing.CorpusManifest;
import io.github.camelpop3ingest.testing.MailBuilder;
import io.github.camelpop3ingest.testing.TestMessages;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped einvoice-extract-action Kamelet in a user's YAML route turns mails with corpus invoices (UBL, CII,
 * Factur-X PDF, ZUGFeRD 1.0 PDF) into JSON with the manifest's seller, number and totals; a plain PDF becomes a
 * candidate that needs review and a mail without invoices an empty list.
 */
class KameletEinvoiceExtractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private DefaultCamelContext context;
    private ProducerTemplate producer;

    @BeforeEach
    void startRoute() throws Exception {
        String yaml = """
                - route:
                    id: extract
                    from:
                      uri: direct:extract
                      steps:
                        - to:
                            uri: kamelet:einvoice-extract-action
                """;
        context = new DefaultCamelContext();
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("user.camel.yaml", yaml));
        context.start();
        producer = context.createProducerTemplate();
    }

    @AfterEach
    void stopRoute() throws Exception {
        context.close();
    }

    @Test
    void ublInvoiceGivesTheManifestsValues() throws Exception {
        assertManifestValues("ubl_en16931_example1_eur.xml", Invoice.UBL_INVOICE);
    }

    @Test
    void ciiInvoiceGivesTheManifestsValues() throws Exception {
        assertManifestValues("cii_en16931_example8_eur.xml", Invoice.CII);
    }

    @Test
    void facturXPdfGivesTheManifestsValues() throws Exception {
        assertManifestValues("fx_en16931_weclapp.pdf", Invoice.CII);
    }

    @Test
    void zugferd1PdfGivesTheManifestsValues() throws Exception {
        assertManifestValues("zf1_basic_kraxi.pdf", Invoice.ZUGFERD_1);
    }

    @Test
    void plainPdfIsACandidateThatNeedsReview() throws Exception {
        Exchange out = extract(mailWith("plain_pdf_printlayout.pdf"));

        JsonNode result = JSON.readTree(out.getMessage().getBody(String.class));
        assertThat(result.get("invoices")).singleElement().satisfies(invoice -> {
            assertThat(invoice.get("format").asText()).isEqualTo(Invoice.PDF_CANDIDATE);
            assertThat(invoice.get("needsReview").asBoolean()).isTrue();
            assertThat(invoice.get("path").asText()).endsWith("plain_pdf_printlayout.pdf");
            assertThat(invoice.get("number").isNull()).isTrue();
        });
        assertThat(out.getMessage().getHeader(IngestExchange.INVOICE_COUNT)).isEqualTo(1);
        assertThat(out.getMessage().getHeader(IngestExchange.INVOICE_NEEDS_REVIEW)).isEqualTo(true);
    }

    @Test
    void mailWithoutInvoicesGivesAnEmptyListAndNoProblem() throws Exception {
        Exchange out = extract(TestMessages.text("Lunch on Friday?"));

        JsonNode result = JSON.readTree(out.getMessage().getBody(String.class));
        assertThat(result.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(result.get("subject").asText()).isEqualTo("Lunch on Friday?");
        assertThat(result.get("messageKey").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(result.get("invoices")).isEmpty();
        assertThat(result.get("problems")).isEmpty();
        assertThat(out.getMessage().getHeader(IngestExchange.INVOICE_COUNT)).isEqualTo(0);
        assertThat(out.getMessage().getHeader(IngestExchange.INVOICE_NEEDS_REVIEW)).isEqualTo(false);
    }

    @Test
    void messageFileAsTheSourceEmitsItIsReadInPlaceAndKept() throws Exception {
        Path eml = tmp.resolve("spooled.eml");
        Files.write(eml, mailWith("cii_en16931_example3_dkk.xml"));

        Exchange out = producer.request("direct:extract",
                e -> e.getIn().setBody(eml.toFile()));

        assertThat(out.getException()).isNull();
        JsonNode invoice = JSON.readTree(out.getMessage().getBody(String.class)).get("invoices").get(0);
        assertThat(invoice.get("number").asText()).isEqualTo("TOSL108");
        assertThat(invoice.get("totals").get("payable").asText()).isEqualTo("1125");
        assertThat(eml).exists();
    }

    @Test
    void pop3KeyHeaderNamesTheMessage() throws Exception {
        Exchange out = producer.request("direct:extract", e -> {
            e.getIn().setBody(TestMessages.text("keyed"));
            e.getIn().setHeader("CamelPop3IdempotentKey", "alice@localhost:995#UID-7");
        });

        assertThat(JSON.readTree(out.getMessage().getBody(String.class)).get("messageKey").asText())
                .isEqualTo("alice@localhost:995#UID-7");
    }

    private void assertManifestValues(String file, String format) throws Exception {
        CorpusManifest.Row row = row(file);
        Exchange out = extract(mailWith(file));

        JsonNode result = JSON.readTree(out.getMessage().getBody(String.class));
        assertThat(result.get("subject").asText()).isEqualTo(file);
        assertThat(result.get("problems")).as(file).isEmpty();
        assertThat(result.get("invoices")).as(file).singleElement().satisfies(invoice -> {
            assertThat(invoice.get("format").asText()).isEqualTo(format);
            assertThat(invoice.get("seller").get("name").asText()).isEqualTo(row.get("seller_name"));
            assertThat(invoice.get("number").asText()).isEqualTo(row.get("invoice_number"));
            assertThat(invoice.get("issueDate").asText()).isEqualTo(row.get("issue_date"));
            assertThat(invoice.get("currency").asText()).isEqualTo(row.get("currency"));
            assertThat(invoice.get("typeCode").asText()).isEqualTo(row.get("document_type_code"));
            assertThat(invoice.get("totals").get("payable").asText()).isEqualTo(row.get("payable_amount"));
            assertThat(invoice.get("needsReview").asBoolean()).isFalse();
            assertThat(invoice.get("duplicateOf").isNull()).isTrue();
        });
        assertThat(out.getMessage().getHeaders()).contains(Map.entry(IngestExchange.INVOICE_COUNT, 1),
                Map.entry(IngestExchange.INVOICE_NEEDS_REVIEW, false));
        assertThat(out.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
    }

    private Exchange extract(byte[] message) {
        Exchange out = producer.request("direct:extract", e -> e.getIn().setBody(message));
        assertThat(out.getException()).isNull();
        return out;
    }

    static byte[] mailWith(String corpusFile) throws Exception {
        byte[] content = Files.readAllBytes(CorpusManifest.invoicesDir().resolve(corpusFile));
        return new MailBuilder(corpusFile).attach(corpusFile, "application/octet-stream", content).build();
    }

    private static CorpusManifest.Row row(String file) {
        return CorpusManifest.invoiceRows().stream().filter(r -> r.get("file").equals(file)).findFirst()
                .orElseThrow(() -> new IllegalStateException(file + " is not in the invoice manifest"));
    }
}
