package io.github.camelpop3ingest.invoice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.exchange.IngestExchange;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Placed after the archive writer, the einvoice-extract-action Kamelet reads the invoices from the message's archive
 * folder (the envelope in the body) and leaves that folder as it was.
 */
class KameletEinvoiceExtractAfterArchiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void envelopeOfTheArchiveWriterIsReadInItsFolder() throws Exception {
        Path archive = tmp.resolve("archive");
        String yaml = """
                - beans:
                    - name: archiveWriter
                      type: io.github.camelpop3ingest.archive.ArchiveWriter
                      properties:
                        archiveDir: "%s"
                      initMethod: start
                      destroyMethod: stop
                - route:
                    id: archive-then-extract
                    from:
                      uri: direct:message
                      steps:
                        - bean:
                            ref: archiveWriter
                        - to:
                            uri: kamelet:einvoice-extract-action
                """.formatted(archive);
        Path eml = tmp.resolve("spooled.eml");
        Files.write(eml, KameletEinvoiceExtractTest.mailWith("zf_two_xml_attachments.pdf"));

        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("user.camel.yaml", yaml));
            context.start();
            Exchange out = context.createProducerTemplate().request("direct:message", e -> {
                e.getIn().setBody(eml.toFile());
                e.getIn().setHeader(IngestExchange.ACCOUNT, "alice@localhost:995");
                e.getIn().setHeader(IngestExchange.UIDL, "UID-9");
            });

            assertThat(out.getException()).isNull();
            JsonNode result = JSON.readTree(out.getMessage().getBody(String.class));
            assertThat(result.get("messageKey").asText()).isEqualTo("alice@localhost:995#UID-9");
            // Two XMLs of one invoice in the PDF (ZUGFeRD 1.0 and Factur-X) count once.
            assertThat(result.get("invoices")).singleElement().satisfies(invoice -> {
                assertThat(invoice.get("number").asText()).isEqualTo("RE-20171118/506");
                assertThat(invoice.get("seller").get("name").asText()).isEqualTo("Bei Spiel GmbH");
                assertThat(invoice.get("totals").get("payable").asText()).isEqualTo("571.04");
            });
            Path folder = out.getMessage().getHeader(IngestExchange.ARCHIVE_FOLDER, Path.class);
            assertThat(files(folder)).contains("message.eml", "envelope.json", "zf_two_xml_attachments.pdf");
        }
    }

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }
}
