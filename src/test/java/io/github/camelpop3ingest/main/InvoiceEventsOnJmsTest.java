package io.github.camelpop3ingest.main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.testing.CorpusManifest;
import io.github.camelpop3ingest.testing.MailBuilder;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import io.github.camelpop3ingest.testing.TestMessages;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the jms sink, each recognized invoice is also its own event on the invoice queue, with a key of its own;
 * mail without an invoice sends none there.
 */
class InvoiceEventsOnJmsTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @Test
    void everyInvoiceIsItsOwnEvent() throws Exception {
        byte[] ubl = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("ubl_en16931_example1_eur.xml"));
        byte[] cii = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("cii_xrechnung_01.21a.xml"));
        server.deliver(new MailBuilder("two invoices").attach("a.xml", "application/xml", ubl)
                .attach("b.xml", "application/xml", cii).build());
        server.deliver(TestMessages.text("no invoice here"));
        List<JsonNode> events = new ArrayList<>();
        try (MainRoutes job = new MainRoutes(server, work).set(IngestSetting.SINKS, "jms").start()) {
            await().until(() -> job.outcomes().getDelivered() == 2);
            ObjectMapper json = new ObjectMapper();
            try (Connection connection = job.broker().connectionFactory().createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("ingest.invoices"));
                for (Message m = consumer.receive(2000); m != null; m = consumer.receive(500)) {
                    JsonNode event = json.readTree(((TextMessage) m).getText());
                    assertThat(m.getStringProperty("IngestIdempotencyKey")).isEqualTo(event.get("idempotencyKey").asText());
                    events.add(event);
                }
            }
        }
        assertThat(events).extracting(e -> e.get("invoice").get("number").asText())
                .containsExactlyInAnyOrder("12115118", "18383");
        assertThat(events).extracting(e -> e.get("idempotencyKey").asText())
                .allMatch(k -> k.startsWith(server.account() + "#")).doesNotHaveDuplicates()
                .anyMatch(k -> k.endsWith("#invoice-1")).anyMatch(k -> k.endsWith("#invoice-2"));
    }
}
