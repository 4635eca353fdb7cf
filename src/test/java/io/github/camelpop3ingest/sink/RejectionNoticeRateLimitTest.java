package io.github.camelpop3ingest.sink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Invoice;
import io.github.camelpop3ingest.testing.ManualClock;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.github.camelpop3ingest.sink.NoticeFixture.OUR_ADDRESS;
import static io.github.camelpop3ingest.sink.NoticeFixture.brCo15;
import static org.assertj.core.api.Assertions.assertThat;

/** One notice per sender and invoice number in 24 hours, remembered across a restart. */
class RejectionNoticeRateLimitTest {

    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-03T13:05:00Z"));
    private CamelContext context;
    private RejectionNotice notice;
    private int messages;

    @BeforeEach
    void setUp() {
        context = new DefaultCamelContext();
        context.start();
        notice = started();
    }

    @AfterEach
    void tearDown() {
        notice.stop();
        context.stop();
    }

    private RejectionNotice started() {
        RejectionNotice started = new RejectionNotice();
        started.setCamelContext(context);
        started.setFrom(OUR_ADDRESS);
        started.setEndpointUri("smtp://127.0.0.1:" + smtp.getSmtp().getPort());
        started.setLedgerFile(dir.resolve("notices.jsonl"));
        started.setClock(clock);
        started.start();
        return started;
    }

    /** Processes a new message from {@code returnPath} with {@code invoices}; returns the notice header. */
    private Object receive(String returnPath, Invoice... invoices) throws Exception {
        String id = "<m" + ++messages + "@supplier.example>";
        Path folder = NoticeFixture.writeMessage(dir, "m" + messages, "Return-Path: <" + returnPath + ">\n"
                + "From: " + returnPath + "\nSubject: Rechnung\nMessage-ID: " + id);
        Exchange exchange = NoticeFixture.exchange(context, folder, NoticeFixture.envelope(id, invoices));
        notice.process(exchange);
        return exchange.getIn().getHeader(IngestExchange.NOTICE);
    }

    @Test
    void theSameInvoiceFromTheSameSenderIsAnsweredOnceADay() throws Exception {
        assertThat(receive("billing@supplier.example", NoticeFixture.invalid("4711", brCo15())))
                .isEqualTo("sent to billing@supplier.example");
        // The address is compared without case.
        assertThat(receive("Billing@SUPPLIER.example", NoticeFixture.invalid("4711", brCo15())))
                .isEqualTo("skipped: already answered within 24 hours");
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        // Another number is answered, and only that one.
        assertThat(receive("billing@supplier.example", NoticeFixture.invalid("4711", brCo15()),
                NoticeFixture.invalid("4800", brCo15())))
                .isEqualTo("sent to billing@supplier.example");
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(smtp.getReceivedMessages()[1].getSubject()).isEqualTo("Invoice 4800 rejected: 1 rule violation");

        // The same number from another sender is another notice.
        assertThat(receive("accounts@other.example", NoticeFixture.invalid("4711", brCo15())))
                .isEqualTo("sent to accounts@other.example");

        clock.advance(Duration.ofHours(23).plusMinutes(59));
        assertThat(receive("billing@supplier.example", NoticeFixture.invalid("4711", brCo15())))
                .isEqualTo("skipped: already answered within 24 hours");

        clock.advance(Duration.ofMinutes(1));
        assertThat(receive("billing@supplier.example", NoticeFixture.invalid("4711", brCo15())))
                .isEqualTo("sent to billing@supplier.example");
        assertThat(smtp.getReceivedMessages()).hasSize(4);
    }

    @Test
    void aRestartedNoticeRemembersWhatWasSentAndForgetsItADayLater() throws Exception {
        assertThat(receive("billing@supplier.example", NoticeFixture.invalid("4711", brCo15())))
                .isEqualTo("sent to billing@supplier.example");
        notice.stop();
        notice = started();

        assertThat(receive("billing@supplier.example", NoticeFixture.invalid("4711", brCo15())))
                .isEqualTo("skipped: already answered within 24 hours");
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        clock.advance(Duration.ofHours(24));
        notice.stop();
        notice = started();
        assertThat(notice.getRememberedNotices()).isZero();
        // Loading dropped the stale line from the file.
        assertThat(Files.readString(dir.resolve("notices.jsonl"))).isEmpty();
        assertThat(receive("billing@supplier.example", NoticeFixture.invalid("4711", brCo15())))
                .isEqualTo("sent to billing@supplier.example");
        assertThat(smtp.getReceivedMessages()).hasSize(2);
    }
}
