package io.github.camelpop3ingest.main;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.camelpop3ingest.testing.CorpusManifest;
import io.github.camelpop3ingest.testing.MailBuilder;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import io.github.camelpop3ingest.testing.TestMessages;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With validation on, the main job's routes deliver mail whose invoices are all valid (and mail without invoices) to
 * the ERP sinks, and send mail with an invalid invoice, or with one a person must look at, to the review folder and
 * the review queue instead, with the validation of each invoice: POP3S in (GreenMail), HTTP (WireMock) and JMS
 * (embedded Artemis) out.
 */
class InvoiceDecisionFlowTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @RegisterExtension
    final WireMockExtension erp = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().dynamicPort()).build();

    @TempDir
    Path work;

    @BeforeEach
    void stubErp() {
        erp.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(202)));
    }

    static byte[] corpus(String file) throws Exception {
        return Files.readAllBytes(CorpusManifest.invoicesDir().resolve(file));
    }

    /** The corpus's valid XRechnung without its buyer reference: breaks BR-DE-15. */
    static byte[] xrechnungWithoutBuyerReference() throws Exception {
        String xml = new String(corpus("ubl_xrechnung_03.06a.xml"), StandardCharsets.UTF_8);
        String broken = xml.replace("<cbc:BuyerReference>991-33333TEST-33</cbc:BuyerReference>", "");
        assertThat(broken).isNotEqualTo(xml);
        return broken.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void validInvoicesGoToTheErpTheOthersToReview() throws Exception {
        server.deliver(new MailBuilder("valid invoice")
                .attach("valid.xml", "application/xml", corpus("ubl_en16931_example1_eur.xml")).build());
        server.deliver(new MailBuilder("invalid invoice")
                .attach("invalid.xml", "application/xml", xrechnungWithoutBuyerReference()).build());
        server.deliver(new MailBuilder("scanned invoice")
                .attach("scan.pdf", "application/pdf", corpus("plain_pdf_printlayout.pdf")).build());
        server.deliver(TestMessages.text("no invoice here"));
        Path review = work.resolve("review");
        List<Message> reviewEvents = new ArrayList<>();
        List<String> reviewBodies = new ArrayList<>();
        try (MainRoutes job = new MainRoutes(server, work)
                .set(IngestSetting.SINKS, "http")
                .set(IngestSetting.HTTP_URL, erp.baseUrl() + "/erp")
                .set(IngestSetting.VALIDATION, "true")
                .set(IngestSetting.REVIEW_SINKS, "file,jms")
                .set(IngestSetting.REVIEW_DIR, review.toString())
                .start()) {
            await().atMost(java.time.Duration.ofSeconds(90)).until(() -> job.outcomes().getDelivered() == 4);
            assertThat(job.outcomes().getQuarantined()).isZero();
            try (Connection connection = job.broker().connectionFactory().createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("ingest.review"));
                for (Message m = consumer.receive(2000); m != null; m = consumer.receive(500)) {
                    reviewEvents.add(m);
                    reviewBodies.add(((TextMessage) m).getText());
                }
            }
        }

        // The ERP got the valid invoice and the mail without one, each with its envelope.
        List<LoggedRequest> posts = erp.findAll(postRequestedFor(anyUrl()));
        assertThat(posts).hasSize(2);
        assertThat(posts).extracting(LoggedRequest::getBodyAsString)
                .anySatisfy(body -> assertThat(body).contains("\"subject\" : \"valid invoice\"")
                        .contains("\"status\" : \"valid\"").contains("\"ruleSet\" : \"EN 16931 1.3.12 (UBL)\""))
                .anySatisfy(body -> assertThat(body).contains("no invoice here").contains("\"invoices\" : [ ]"))
                .noneSatisfy(body -> assertThat(body).contains("invalid invoice"))
                .noneSatisfy(body -> assertThat(body).contains("scanned invoice"));

        // The review queue got the other two, marked with their decision.
        ObjectMapper json = new ObjectMapper();
        assertThat(reviewEvents).hasSize(2);
        assertThat(reviewEvents).extracting(m -> m.getStringProperty("IngestDecision"))
                .containsExactlyInAnyOrder("reject", "review");
        JsonNode rejected = null;
        for (String body : reviewBodies) {
            JsonNode event = json.readTree(body);
            if (event.get("envelope").get("subject").asText().equals("invalid invoice")) {
                rejected = event;
            }
        }
        assertThat(rejected).isNotNull();
        JsonNode validation = rejected.get("envelope").get("invoices").get(0).get("validation");
        assertThat(validation.get("status").asText()).isEqualTo("invalid");
        assertThat(validation.get("ruleSet").asText()).isEqualTo("XRechnung 3.0.2 (UBL)");
        assertThat(validation.get("errors").get(0).get("id").asText()).isEqualTo("BR-DE-15");

        // The review folder has a folder per message with the original, the envelope and the report in words.
        List<Path> reports;
        try (Stream<Path> files = Files.walk(review)) {
            reports = files.filter(p -> p.getFileName().toString().equals("review.txt")).toList();
        }
        assertThat(reports).hasSize(2);
        List<String> texts = new ArrayList<>();
        for (Path report : reports) {
            texts.add(Files.readString(report));
            assertThat(report.resolveSibling("message.eml")).exists();
            assertThat(report.resolveSibling("envelope.json")).exists();
        }
        assertThat(texts).anySatisfy(t -> assertThat(t).contains("Subject: invalid invoice")
                        .contains("invalid (XRechnung 3.0.2 (UBL))").contains("error BR-DE-15: "))
                .anySatisfy(t -> assertThat(t).contains("Subject: scanned invoice").contains("needs review"));

        // The audit log names each message's decision.
        String audit = Files.readString(work.resolve("state").resolve("audit.jsonl"));
        assertThat(audit).contains("\"decision\":\"deliver\"").contains("\"decision\":\"reject\"")
                .contains("\"decision\":\"review\"").contains("\"review-file\"").contains("\"review-jms\"");
    }

    @Test
    void withValidationOffEveryInvoiceGoesToTheErpAsBefore() throws Exception {
        server.deliver(new MailBuilder("invalid invoice")
                .attach("invalid.xml", "application/xml", xrechnungWithoutBuyerReference()).build());
        try (MainRoutes job = new MainRoutes(server, work)
                .set(IngestSetting.SINKS, "http")
                .set(IngestSetting.HTTP_URL, erp.baseUrl() + "/erp")
                .start()) {
            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> job.outcomes().getDelivered() == 1);
        }
        assertThat(erp.findAll(postRequestedFor(anyUrl()))).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("invalid invoice").contains("\"validation\" : null"));
        assertThat(work.resolve("review")).doesNotExist();
    }
}
