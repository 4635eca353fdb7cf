package io.github.camelpop3ingest.main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
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
 * INGEST_MAX_MESSAGE_SIZE (fetchmail's limit, mpop's skipsize): a message whose LIST size is over the limit is never
 * retrieved and never deleted; its header (TOP n 0) is archived once as a headers-only record whose problem names the
 * size and the limit, and goes to the sinks like any message; the audit log and the poll's counts say so.
 */
class OversizeMessagesTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @Test
    void aMessageOverTheLimitStaysOnTheServerAndOnlyItsHeaderIsArchivedOnce() throws Exception {
        byte[] big = new MailBuilder("big scan").attach("scan.pdf", "application/pdf", new byte[300_000]).build();
        server.deliver(big);
        server.deliver(TestMessages.text("small one"));
        List<JsonNode> events = new ArrayList<>();
        try (MainRoutes job = new MainRoutes(server, work)
                .set(IngestSetting.MAX_MESSAGE_SIZE, "100000")
                .set(IngestSetting.DELETE, "after-processing")
                .set(IngestSetting.SINKS, "jms")
                .start()) {
            Pop3PollResult first = job.awaitPolls(1);
            assertThat(first.oversize()).isEqualTo(1);
            assertThat(first.fetched()).isEqualTo(1);
            assertThat(first.processed()).isEqualTo(2);
            assertThat(first.deleted()).isEqualTo(1);
            await().until(() -> job.outcomes().getDelivered() == 2);
            // Later polls neither read it again nor delete it.
            Pop3PollResult later = job.awaitPolls(3);
            assertThat(later.oversize()).isZero();
            assertThat(later.skipped()).isEqualTo(1);
            assertThat(later.deleted()).isZero();
            ObjectMapper json = new ObjectMapper();
            try (Connection connection = job.broker().connectionFactory().createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("ingest.messages"));
                for (Message m = consumer.receive(2000); m != null; m = consumer.receive(500)) {
                    events.add(json.readTree(((TextMessage) m).getText()));
                }
            }
        }
        assertThat(server.messagesOnServer()).isEqualTo(1);
        assertThat(server.count("RETR")).isEqualTo(1);
        assertThat(server.count("TOP")).isEqualTo(1);

        Path envelope;
        try (Stream<Path> files = Files.walk(work.resolve("archive"))) {
            envelope = files.filter(p -> p.getFileName().toString().equals("envelope.json"))
                    .filter(p -> read(p).contains("big scan")).findFirst().orElseThrow();
        }
        JsonNode record = new ObjectMapper().readTree(envelope.toFile());
        assertThat(record.get("problems").get(0).asText())
                .matches("not retrieved: the message is 4\\d{5} octets \\(LIST\\), over maxMessageSize 100000; "
                        + "message\\.eml holds only its header \\(TOP 1 0\\), and the message stays on the server");
        assertThat(record.get("parts")).isEmpty();
        String header = Files.readString(envelope.resolveSibling("message.eml"));
        assertThat(header).contains("Subject: big scan").doesNotContain("Content-Disposition: attachment");
        assertThat(header.length()).isLessThan(2_000);

        assertThat(events).hasSize(2).anySatisfy(e -> assertThat(e.get("envelope").get("problems").get(0).asText())
                .startsWith("not retrieved"));
        String audit = Files.readString(work.resolve("state").resolve("audit.jsonl"));
        assertThat(audit.lines().filter(l -> l.matches(".*\"oversize\":4\\d{5}[,}].*"))).hasSize(1);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
