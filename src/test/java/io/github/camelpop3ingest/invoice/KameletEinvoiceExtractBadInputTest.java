package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.testing.CorpusManifest;
import io.github.camelpop3ingest.testing.MailBuilder;
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
 * Bad input to the einvoice-extract-action Kamelet is never an empty success: what is no message fails the exchange
 * with {@link NotAMessageException} saying what it was, and a mail with a corrupt invoice gives a result whose
 * invoice or problems say what is wrong, flagged for review. The work folder is empty afterwards either way.
 */
class KameletEinvoiceExtractBadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROKEN_UBL = "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\""
            + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">"
            + "<cbc:ID>4711</cbc:ID><cbc:IssueDate>2024-01-02</cbc:Issue";

    @TempDir
    Path work;

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
                            parameters:
                              workDir: "%s"
                """.formatted(work);
        context = new DefaultCamelContext();
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("user.camel.yaml", yaml));
        context.start();
        producer = context.createProducerTemplate();
    }

    @AfterEach
    void stopRoute() throws Exception {
        context.close();
        try (var left = Files.list(work)) {
            assertThat(left).as("temporary folders left in the work directory").isEmpty();
        }
    }

    @Test
    void noBodyIsRefused() {
        assertThat(failure(null)).isInstanceOf(NotAMessageException.class)
                .hasMessage("The body is empty; einvoice extraction needs an RFC 822 message");
    }

    @Test
    void zeroBytesAreRefused() {
        assertThat(failure(new byte[0])).isInstanceOf(NotAMessageException.class)
                .hasMessageStartingWith("The message is empty (0 bytes)");
    }

    @Test
    void aBarePdfIsRefusedNamingWhatItStartsWith() throws Exception {
        byte[] pdf = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("fx_minimum.pdf"));

        assertThat(failure(pdf)).isInstanceOf(NotAMessageException.class)
                .hasMessageStartingWith("The input is not an RFC 822 message: it does not start with a header field "
                        + "but with '%PDF-");
    }

    @Test
    void aBareInvoiceXmlIsRefused() throws Exception {
        byte[] xml = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("ubl_en16931_example1_eur.xml"));

        assertThat(failure(xml)).isInstanceOf(NotAMessageException.class)
                .hasMessageContaining("does not start with a header field but with '<?xml");
    }

    @Test
    void brokenInvoiceXmlIsReportedWithItsProblemForReview() throws Exception {
        byte[] mail = new MailBuilder("broken").attach("invoice.xml", "application/xml",
                BROKEN_UBL.getBytes(StandardCharsets.UTF_8)).build();

        Exchange out = producer.request("direct:extract", e -> e.getIn().setBody(mail));

        assertThat(out.getException()).isNull();
        JsonNode invoice = JSON.readTree(out.getMessage().getBody(String.class)).get("invoices").get(0);
        assertThat(invoice.get("format").asText()).isEqualTo(Invoice.UBL_INVOICE);
        assertThat(invoice.get("needsReview").asBoolean()).isTrue();
        assertThat(invoice.get("problems").get(0).asText()).startsWith("not well-formed XML: ");
        assertThat(out.getMessage().getHeader(IngestExchange.INVOICE_NEEDS_REVIEW)).isEqualTo(true);
    }

    @Test
    void truncatedFacturXPdfIsAProblemThatFlagsTheMessageForReview() throws Exception {
        byte[] pdf = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("fx_en16931_weclapp.pdf"));
        byte[] mail = new MailBuilder("truncated").attach("invoice.pdf", "application/pdf",
                Arrays.copyOf(pdf, pdf.length / 2)).build();

        Exchange out = producer.request("direct:extract", e -> e.getIn().setBody(mail));

        assertThat(out.getException()).isNull();
        JsonNode result = JSON.readTree(out.getMessage().getBody(String.class));
        assertThat(result.get("problems")).singleElement().satisfies(p -> assertThat(p.asText())
                .startsWith("PDF truncated").contains("invoice.pdf"));
        // Its embedded XML lies in the half that arrived, so the invoice itself is whole.
        assertThat(result.get("invoices")).singleElement()
                .satisfies(i -> assertThat(i.get("number").asText()).isEqualTo("RE1001"));
        assertThat(out.getMessage().getHeader(IngestExchange.INVOICE_NEEDS_REVIEW)).isEqualTo(true);
    }

    private Exception failure(Object body) {
        Exchange out = producer.request("direct:extract", e -> e.getIn().setBody(body));
        assertThat(out.getException()).as("the exchange failed").isNotNull();
        return out.getException();
    }
}
