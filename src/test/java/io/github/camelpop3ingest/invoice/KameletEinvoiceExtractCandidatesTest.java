package io.github.camelpop3ingest.invoice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.exchange.IngestExchange;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With includeCandidates false, the einvoice-extract-action Kamelet leaves PDFs without invoice data out: a mail
 * with only a plain PDF gives no invoice and needs no review.
 */
class KameletEinvoiceExtractCandidatesTest {

    @Test
    void plainPdfIsLeftOutWhenCandidatesAreNotWanted() throws Exception {
        String yaml = """
                - route:
                    from:
                      uri: direct:extract
                      steps:
                        - to:
                            uri: kamelet:einvoice-extract-action
                            parameters:
                              includeCandidates: false
                """;
        byte[] mail = KameletEinvoiceExtractTest.mailWith("plain_pdf_printlayout.pdf");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("user.camel.yaml", yaml));
            context.start();
            Exchange out = context.createProducerTemplate().request("direct:extract", e -> e.getIn().setBody(mail));

            assertThat(out.getException()).isNull();
            JsonNode result = new ObjectMapper().readTree(out.getMessage().getBody(String.class));
            assertThat(result.get("invoices")).isEmpty();
            assertThat(result.get("problems")).isEmpty();
            assertThat(out.getMessage().getHeader(IngestExchange.INVOICE_NEEDS_REVIEW)).isEqualTo(false);
        }
    }
}
