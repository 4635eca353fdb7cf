package io.github.camelpop3ingest.main;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.camelpop3ingest.testing.MailBuilder;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rejection notice end to end in the main job's routes: invalid invoices come in by POP3S (GreenMail), the notice
 * goes out by SMTPS (GreenMail, the server's name checked against a test truststore), never to automatic mail and
 * once per sender and invoice; the message is deleted only after the notice was sent, and an SMTP server that cannot
 * be reached sends the message to quarantine, held on the server.
 */
class RejectionNoticeFlowTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    private GreenMail smtp;

    @BeforeEach
    void startSmtp() {
        // RecordingPop3Server has pointed GreenMail at the test keystore whose certificate names localhost.
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        smtp.start();
        smtp.setUser("ap@buyer.example", "ap", "Smtp-Secret-4711");
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    private MainRoutes job(int smtpPort) {
        return new MainRoutes(server, work)
                .set(IngestSetting.DELETE, "after-processing")
                .set(IngestSetting.VALIDATION, "true")
                .set(IngestSetting.REVIEW_DIR, work.resolve("review").toString())
                .set(IngestSetting.NOTICE, "true")
                .set(IngestSetting.NOTICE_FROM, "Accounts Payable <ap@buyer.example>")
                .set(IngestSetting.SMTP_HOST, "localhost")
                .set(IngestSetting.SMTP_PORT, String.valueOf(smtpPort))
                .set(IngestSetting.SMTP_SECURITY, "smtps")
                .set(IngestSetting.SMTP_USERNAME, "ap")
                .set(IngestSetting.SMTP_PASSWORD, "Smtp-Secret-4711")
                .set(IngestSetting.SMTP_TRUSTSTORE, RecordingPop3Server.certificate().toString());
    }

    private static byte[] invalidInvoiceMail(String subject, String messageId, String... headers) throws Exception {
        MailBuilder mail = new MailBuilder(subject)
                .attach("invoice.xml", "application/xml", InvoiceDecisionFlowTest.xrechnungWithoutBuyerReference());
        for (int i = 0; i < headers.length; i += 2) {
            mail.header(headers[i], headers[i + 1]);
        }
        // MailBuilder's saveChanges gave it a Message-ID of its own; the test wants a known one.
        String raw = new String(mail.build(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replaceFirst("(?m)^Message-ID: .*\\r?\\n", "Message-ID: " + messageId + "\r\n");
        return raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void theSenderOfAnInvalidInvoiceIsToldOnceAndAutomaticMailNever() throws Exception {
        server.deliver(invalidInvoiceMail("invoice 1", "<inv-1@supplier.example>",
                "Return-Path", "<billing@supplier.example>"));
        server.deliver(invalidInvoiceMail("invoice 1 again", "<inv-1b@supplier.example>",
                "Return-Path", "<billing@supplier.example>"));
        server.deliver(invalidInvoiceMail("automatic invoice", "<inv-2@robot.example>",
                "Return-Path", "<robot@robot.example>", "Auto-Submitted", "auto-generated"));
        try (MainRoutes job = job(smtp.getSmtps().getPort()).start()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> job.outcomes().getDelivered() == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.messagesOnServer() == 0);
            assertThat(job.outcomes().getQuarantined()).isZero();
        }

        MimeMessage[] notices = smtp.getReceivedMessages();
        assertThat(notices).hasSize(1);
        MimeMessage notice = notices[0];
        assertThat(notice.getHeader("To")[0]).isEqualTo("billing@supplier.example");
        assertThat(notice.getHeader("In-Reply-To")[0]).isEqualTo("<inv-1@supplier.example>");
        assertThat(notice.getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
        assertThat(notice.getSubject()).contains("rejected");
        String body = GreenMailUtil.getBody(notice);
        assertThat(body).contains("BR-DE-15").contains("XRechnung 3.0.2 (UBL)");

        // All three went to review; the audit log names the notice as a sink of the first.
        try (var folders = Files.list(work.resolve("review").resolve(Files.list(work.resolve("review")).findFirst()
                .orElseThrow().getFileName()))) {
            assertThat(folders.count()).isEqualTo(3);
        }
        String audit = Files.readString(work.resolve("state").resolve("audit.jsonl"));
        assertThat(audit.lines().filter(l -> l.contains("\"notice\"")).count()).isEqualTo(3);
        assertThat(audit).doesNotContain("Smtp-Secret-4711");
        assertThat(work.resolve("state").resolve(SinkSetup.NOTICE_LEDGER)).exists();
    }

    @Test
    void anSmtpOutageQuarantinesTheMessageAndKeepsItOnTheServer() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        server.deliver(invalidInvoiceMail("invoice 3", "<inv-3@supplier.example>",
                "Return-Path", "<billing@supplier.example>"));
        try (MainRoutes job = job(closed).set(IngestSetting.RETRY_MAX, "2").start()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> job.outcomes().getQuarantined() == 1);
            job.awaitPolls(job.polls() + 1);
            assertThat(job.outcomes().getDelivered()).isZero();
        }
        assertThat(server.messagesOnServer()).isEqualTo(1);
        Path error;
        try (var files = Files.walk(work.resolve("quarantine"))) {
            error = files.filter(p -> p.getFileName().toString().equals("error.json")).findFirst().orElseThrow();
        }
        String json = Files.readString(error);
        assertThat(json).contains("\"sink\" : \"notice\"").contains("localhost:" + closed)
                .doesNotContain("Smtp-Secret-4711");
        // The review folder got it before the notice failed: a person sees it either way.
        assertThat(work.resolve("review")).isNotEmptyDirectory();
        assertThat(Arrays.asList(smtp.getReceivedMessages())).isEmpty();
    }
}
