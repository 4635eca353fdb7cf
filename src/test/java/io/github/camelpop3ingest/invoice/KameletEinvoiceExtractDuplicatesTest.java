package io.github.camelpop3ingest.invoice;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With stateDir, the einvoice-extract-action Kamelet remembers invoices across messages and restarts: a resend in
 * another mail gets duplicateOf, the first mail fetched again does not.
 */
class KameletEinvoiceExtractDuplicatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "ubl_en16931_example1_eur.xml";

    @TempDir
    Path tmp;

    @Test
    void aResendInAnotherMailIsFlaggedAcrossARestart() throws Exception {
        byte[] mail = KameletEinvoiceExtractTest.mailWith(FILE);

        JsonNode first = extract(mail, "alice@localhost:995#1");
        JsonNode again = extract(mail, "alice@localhost:995#1");
        JsonNode resend = extract(mail, "alice@localhost:995#2");

        assertThat(first.get("duplicateOf").isNull()).isTrue();
        assertThat(again.get("duplicateOf").isNull()).isTrue();
        assertThat(resend.get("duplicateOf").asText()).isEqualTo("alice@localhost:995#1");
    }

    /** Runs the Kamelet in a fresh context, so every call starts from the journal on disk. */
    private JsonNode extract(byte[] mail, String messageKey) throws Exception {
        String yaml = """
                - route:
                    id: extract
                    from:
                      uri: direct:extract
                      steps:
                        - to:
                            uri: kamelet:einvoice-extract-action
                            parameters:
                              stateDir: "%s"
                """.formatted(tmp.resolve("state"));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("user.camel.yaml", yaml));
            context.start();
            Exchange out = context.createProducerTemplate().request("direct:extract", e -> {
                e.getIn().setBody(mail);
                e.getIn().setHeader("CamelPop3IdempotentKey", messageKey);
            });
            assertThat(out.getException()).isNull();
            return JSON.readTree(out.getMessage().getBody(String.class)).get("invoices").get(0);
        }
    }
}
