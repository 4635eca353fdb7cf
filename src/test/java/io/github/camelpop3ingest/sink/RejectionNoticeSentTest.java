package io.github.camelpop3ingest.sink;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.InvoiceValidation.Finding;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.github.camelpop3ingest.sink.NoticeFixture.OUR_ADDRESS;
import static io.github.camelpop3ingest.sink.NoticeFixture.RULE_SET;
import static io.github.camelpop3ingest.sink.NoticeFixture.SUPPLIER;
import static io.github.camelpop3ingest.sink.NoticeFixture.brCo15;
import static io.github.camelpop3ingest.sink.NoticeFixture.brDe15;
import static org.assertj.core.api.Assertions.assertThat;

/** A message with invalid invoices is answered with a notice in its thread that names each broken rule. */
class RejectionNoticeSentTest {

    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dir;

    private CamelContext context;
    private RejectionNotice notice;

    @BeforeEach
    void setUp() {
        context = new DefaultCamelContext();
        context.start();
        notice = new RejectionNotice();
        notice.setCamelContext(context);
        notice.setFrom("Invoice Desk <" + OUR_ADDRESS + ">");
        notice.setEndpointUri("smtp://127.0.0.1:" + smtp.getSmtp().getPort());
        notice.setLedgerFile(dir.resolve("state/notices.jsonl"));
        notice.start();
    }

    @AfterEach
    void tearDown() {
        notice.stop();
        context.stop();
    }

    @Test
    void answersTheReturnPathInTheOriginalsThreadAsAnAutomaticReply() throws Exception {
        Path folder = NoticeFixture.writeMessage(dir, "m1", NoticeFixture.supplierHeaders("<m1@supplier.example>"));
        Envelope envelope = NoticeFixture.envelope("<m1@supplier.example>",
                NoticeFixture.invalid("4711", brCo15(), brDe15()));
        Exchange exchange = NoticeFixture.exchange(context, folder, envelope);
        exchange.getIn().setHeader("mail.smtp.from", "leak@elsewhere.example");
        exchange.getIn().setHeader("Bcc", "leak@elsewhere.example");

        notice.process(exchange);

        assertThat(exchange.getIn().getHeader(IngestExchange.NOTICE)).isEqualTo("sent to " + SUPPLIER);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly(SUPPLIER);
        assertThat(mail.getFrom()).extracting(Object::toString).containsExactly("Invoice Desk <" + OUR_ADDRESS + ">");
        assertThat(mail.getSubject()).isEqualTo("Invoice 4711 rejected: 2 rule violations");
        assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-replied");
        assertThat(mail.getHeader("X-Pop3-Ingest-Notice")).containsExactly("rejection");
        assertThat(mail.getHeader("In-Reply-To")).containsExactly("<m1@supplier.example>");
        assertThat(mail.getHeader("References")).containsExactly("<m1@supplier.example>");
        assertThat(mail.getHeader("Precedence")).isNull();
        assertThat(mail.getHeader("Date")).hasSize(1);
        assertThat(mail.getMessageID()).matches("<[0-9a-f-]+\\.notice@buyer\\.example>");
        assertThat(mail.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        // The original exchange's headers stay out of the mail: no Bcc, no other envelope sender.
        assertThat(smtp.getReceivedMessagesForDomain("elsewhere.example")).isEmpty();
        assertThat(mail.getHeader("Bcc")).isNull();
        String body = (String) mail.getContent();
        assertThat(body)
                .contains("\"Rechnung 4711\"", "3 Nov 2026 14:02:11 +0100")
                .contains("Invoice 4711", "File: parts/invoice-4711.xml", "Checked against: " + RULE_SET)
                .contains("- BR-CO-15: " + brCo15().text(), "    at /Invoice/cac:LegalMonetaryTotal")
                .contains("- BR-DE-15: " + brDe15().text())
                .doesNotContain("invoices@pop.example", "UID-", dir.toString());
    }

    @Test
    void autoSubmittedNoIsAHumanMessageAndIsAnswered() throws Exception {
        Path folder = NoticeFixture.writeMessage(dir, "m2",
                NoticeFixture.supplierHeaders("<m2@supplier.example>", "Auto-Submitted: no"));
        Exchange exchange = NoticeFixture.exchange(context, folder,
                NoticeFixture.envelope("<m2@supplier.example>", NoticeFixture.invalid("4712", brCo15())));

        notice.process(exchange);

        assertThat(exchange.getIn().getHeader(IngestExchange.NOTICE)).isEqualTo("sent to " + SUPPLIER);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Invoice 4712 rejected: 1 rule violation");
    }

    @Test
    void withoutReturnPathTheFirstFromAddressIsAnswered() throws Exception {
        Path folder = NoticeFixture.writeMessage(dir, "m3", String.join("\r\n",
                "from: =?UTF-8?Q?J=C3=B6rg?= <joerg@supplier.example>, other@supplier.example",
                "Subject: Rechnung", "Message-ID: <m3@supplier.example>"));
        Exchange exchange = NoticeFixture.exchange(context, folder,
                NoticeFixture.envelope("<m3@supplier.example>", NoticeFixture.invalid("4713", brCo15())));

        notice.process(exchange);

        assertThat(exchange.getIn().getHeader(IngestExchange.NOTICE))
                .isEqualTo("sent to joerg@supplier.example");
        assertThat(smtp.getReceivedMessages()[0].getRecipients(Message.RecipientType.TO))
                .extracting(Object::toString).containsExactly("joerg@supplier.example");
    }

    @Test
    void severalInvoicesAreNamedInTheSubjectAndValidOnesAreLeftOut() throws Exception {
        Path folder = NoticeFixture.writeMessage(dir, "m4", NoticeFixture.supplierHeaders("<m4@supplier.example>"));
        Exchange exchange = NoticeFixture.exchange(context, folder, NoticeFixture.envelope("<m4@supplier.example>",
                NoticeFixture.invalid("A-1", brCo15()), NoticeFixture.valid("A-2"),
                NoticeFixture.invalid("A-3", brCo15(), brDe15())));

        notice.process(exchange);

        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("Invoices A-1, A-3 rejected: 3 rule violations");
        assertThat((String) mail.getContent()).contains("Invoice A-1", "Invoice A-3").doesNotContain("A-2");
    }

    @Test
    void errorsBeyondAHundredAreCounted() throws Exception {
        List<Finding> errors = new ArrayList<>();
        for (int i = 1; i <= 130; i++) {
            errors.add(new Finding("BR-" + i, null, "rule " + i + " broken"));
        }
        Path folder = NoticeFixture.writeMessage(dir, "m5", NoticeFixture.supplierHeaders("<m5@supplier.example>"));
        Exchange exchange = NoticeFixture.exchange(context, folder, NoticeFixture.envelope("<m5@supplier.example>",
                NoticeFixture.invalid("4715", errors.toArray(Finding[]::new))));

        notice.process(exchange);

        String body = GreenMailUtil.getBody(smtp.getReceivedMessages()[0]);
        assertThat(body).contains("- BR-100: rule 100 broken", "... and 30 more").doesNotContain("BR-101:");
    }

    @Test
    void aMessageWithoutInvalidInvoicesIsLeftAlone() throws Exception {
        Path folder = NoticeFixture.writeMessage(dir, "m6", NoticeFixture.supplierHeaders("<m6@supplier.example>"));
        Exchange exchange = NoticeFixture.exchange(context, folder,
                NoticeFixture.envelope("<m6@supplier.example>", NoticeFixture.valid("4716")));

        notice.process(exchange);

        assertThat(exchange.getIn().getHeader(IngestExchange.NOTICE))
                .isEqualTo("skipped: no invalid invoice");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }
}
