package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.testing.CorpusManifest;
import io.github.camelpop3ingest.testing.MailBuilder;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kamelet's validate option: each invoice of the JSON carries its validation, with the rule ids of the rule set
 * its specification identifier calls for; without the option, validation stays null.
 */
class KameletEinvoiceExtractValidateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode extract(String options, byte[] mail) throws Exception {
        String yaml = """
                - route:
                    id: extract
                    from:
                      uri: direct:extract
                      steps:
                        - to:
                            uri: kamelet:einvoice-extract-action%s
                """.formatted(options);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("user.camel.yaml", yaml));
            context.start();
            ProducerTemplate producer = context.createProducerTemplate();
            Exchange out = producer.request("direct:extract", e -> e.getIn().setBody(mail));
            assertThat(out.getException()).isNull();
            return JSON.readTree(out.getMessage().getBody(String.class)).get("invoices").get(0);
        }
    }

    @Test
    void validateGivesEachInvoiceItsResult() throws Exception {
        String xml = Files.readString(CorpusManifest.invoicesDir().resolve("ubl_xrechnung_03.06a.xml"));
        byte[] broken = xml.replace("<cbc:BuyerReference>991-33333TEST-33</cbc:BuyerReference>", "")
                .getBytes(StandardCharsets.UTF_8);
        byte[] mail = new MailBuilder("x").attach("x.xml", "application/xml", broken).build();

        JsonNode validated = extract("?validate=true", mail).get("validation");
        assertThat(validated.get("status").asText()).isEqualTo("invalid");
        assertThat(validated.get("ruleSet").asText()).isEqualTo("XRechnung 3.0.2 (UBL)");
        assertThat(validated.get("errors").get(0).get("id").asText()).isEqualTo("BR-DE-15");

        assertThat(extract("", mail).get("validation").isNull()).isTrue();
    }
}
