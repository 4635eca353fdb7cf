package io.github.camelpop3ingest.sink;

import java.nio.file.Path;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.camelpop3ingest.exchange.IngestExchange;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import static io.github.camelpop3ingest.sink.NoticeFixture.OUR_ADDRESS;
import static io.github.camelpop3ingest.sink.NoticeFixture.brCo15;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * RFC 3834: automatic messages, mailing lists, bulk mail, mail systems, delivery reports and our own notices are
 * never answered; the skip is logged and is no error.
 */
class RejectionNoticeLoopSafetyTest {

    private static final String MESSAGE_ID = "<loop@supplier.example>";
    private static final String FROM = "From: Supplier Billing <billing@supplier.example>";
    private static final String RETURN_PATH = "Return-Path: <billing@supplier.example>";

    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dir;

    private CamelContext context;
    private RejectionNotice notice;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RejectionNotice.class);

    @BeforeEach
    void setUp() {
        logs.start();
        logger.addAppender(logs);
        context = new DefaultCamelContext();
        context.start();
        notice = new RejectionNotice();
        notice.setCamelContext(context);
        notice.setFrom(OUR_ADDRESS);
        notice.setEndpointUri("smtp://127.0.0.1:" + smtp.getSmtp().getPort());
        notice.setLedgerFile(dir.resolve("notices.jsonl").toString());
        notice.start();
    }

    @AfterEach
    void tearDown() {
        notice.stop();
        context.stop();
        logger.detachAppender(logs);
    }

    static Stream<Arguments> unanswerable() {
        return Stream.of(
                arguments("Auto-Submitted: auto-generated", RETURN_PATH + "\nAuto-Submitted: auto-generated",
                        "Auto-Submitted: auto-generated"),
                arguments("Auto-Submitted: auto-replied, folded", RETURN_PATH + "\nauto-submitted:\n\tauto-replied",
                        "Auto-Submitted: auto-replied"),
                arguments("List-Id", RETURN_PATH + "\nList-Id: Suppliers <suppliers.lists.example>",
                        "mailing list (List-Id)"),
                arguments("List-Post", RETURN_PATH + "\nLIST-POST: <mailto:suppliers@lists.example>",
                        "mailing list (List-Post)"),
                arguments("Precedence: bulk", RETURN_PATH + "\nPrecedence: bulk", "Precedence: bulk"),
                arguments("Precedence: list", RETURN_PATH + "\nPrecedence: list", "Precedence: list"),
                arguments("Precedence: junk", RETURN_PATH + "\nprecedence: Junk", "Precedence: Junk"),
                arguments("Return-Path: <>", "Return-Path: <>", "Return-Path: <> (null sender)"),
                arguments("MAILER-DAEMON", "Return-Path: <MAILER-DAEMON@mx.supplier.example>",
                        "Return-Path: <MAILER-DAEMON@mx.supplier.example> is a mail system or list address"),
                arguments("postmaster", "Return-Path: <Postmaster@supplier.example>",
                        "Return-Path: <Postmaster@supplier.example> is a mail system or list address"),
                arguments("owner-x", "Return-Path: <owner-suppliers@lists.example>",
                        "Return-Path: <owner-suppliers@lists.example> is a mail system or list address"),
                arguments("x-request", "Return-Path: <suppliers-REQUEST@lists.example>",
                        "Return-Path: <suppliers-REQUEST@lists.example> is a mail system or list address"),
                arguments("our own notice", RETURN_PATH + "\nX-Pop3-Ingest-Notice: rejection",
                        "our own notice (X-Pop3-Ingest-Notice)"),
                arguments("our own address", "Return-Path: <INVOICES@buyer.example>",
                        "the sender is our own address <" + OUR_ADDRESS + ">"),
                arguments("multipart/report", RETURN_PATH
                        + "\nContent-Type: Multipart/Report; report-type=delivery-status; boundary=\"r\"",
                        "delivery report (Content-Type: multipart/report)"),
                arguments("no address at all", "Sender: nobody", "no Return-Path and no From address to answer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unanswerable")
    void isNotAnswered(String name, String headers, String reason) throws Exception {
        String eml = headers + (headers.contains("Sender: nobody") ? "" : "\n" + FROM) + "\nSubject: Rechnung 4711"
                + "\nMessage-ID: " + MESSAGE_ID;
        Path folder = NoticeFixture.writeMessage(dir, "m", eml);
        Exchange exchange = NoticeFixture.exchange(context, folder,
                NoticeFixture.envelope(MESSAGE_ID, NoticeFixture.invalid("4711", brCo15())));

        notice.process(exchange);

        assertThat(exchange.getIn().getHeader(IngestExchange.NOTICE)).isEqualTo("skipped: " + reason);
        assertThat(exchange.getException()).isNull();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.INFO)
                .extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> !line.startsWith("Rejection notices go from"))
                .containsExactly("No rejection notice for message " + MESSAGE_ID + " (UIDL "
                        + exchange.getIn().getHeader("CamelPop3Uidl") + "): " + reason);
    }
}
