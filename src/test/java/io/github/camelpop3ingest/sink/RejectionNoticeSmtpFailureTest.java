package io.github.camelpop3ingest.sink;

import java.nio.file.Path;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.camelpop3ingest.exchange.IngestExchange;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static io.github.camelpop3ingest.sink.NoticeFixture.OUR_ADDRESS;
import static io.github.camelpop3ingest.sink.NoticeFixture.brCo15;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An SMTP server that is away, defers or refuses our login makes the notice retryable; one that refuses the recipient
 * for good does not hold the message up. The SMTP password is in no exception message and no log line.
 */
class RejectionNoticeSmtpFailureTest {

    private static final String PASSWORD = "S3cret-Smtp-Pa55";
    private static final String MESSAGE_ID = "<fail@supplier.example>";

    @TempDir
    Path dir;

    private CamelContext context;
    private RejectionNotice notice;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void setUp() {
        logs.start();
        root.addAppender(logs);
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void tearDown() {
        if (notice != null) {
            notice.stop();
        }
        context.stop();
        root.detachAppender(logs);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(l -> l.contains(PASSWORD));
    }

    private void start(String endpointUri) {
        notice = new RejectionNotice();
        notice.setCamelContext(context);
        notice.setFrom(OUR_ADDRESS);
        notice.setEndpointUri(endpointUri);
        notice.setLedgerFile(dir.resolve("notices.jsonl"));
        notice.start();
    }

    private Exchange exchange() throws Exception {
        Path folder = NoticeFixture.writeMessage(dir, "m", NoticeFixture.supplierHeaders(MESSAGE_ID));
        return NoticeFixture.exchange(context, folder,
                NoticeFixture.envelope(MESSAGE_ID, NoticeFixture.invalid("4711", brCo15())));
    }

    @Test
    void nothingListeningIsRetryableAndNamesHostAndMessageButNotThePassword() throws Exception {
        int port = NoticeFixture.closedPort();
        start("smtp://127.0.0.1:" + port + "?username=notices&password=" + PASSWORD + "&connectionTimeout=2000");
        Exchange exchange = exchange();

        assertThatThrownBy(() -> notice.process(exchange))
                .isInstanceOfSatisfying(RetryableDeliveryException.class, e -> {
                    assertThat(e.sink()).isEqualTo("notice");
                    assertThat(e.getMessage()).contains("127.0.0.1:" + port, MESSAGE_ID, "connection refused")
                            .doesNotContain(PASSWORD);
                });
        assertThat(exchange.getIn().getHeader(IngestExchange.NOTICE)).isNull();
        assertThat(notice.getRememberedNotices()).isZero();
    }

    @Test
    void anEndpointConfiguredInCodeKeepsItsPasswordOutOfMessagesToo() throws Exception {
        int port = NoticeFixture.closedPort();
        MailEndpoint endpoint = (MailEndpoint) context.getComponent("smtp", MailComponent.class)
                .createEndpoint("smtp://127.0.0.1:" + port);
        endpoint.getConfiguration().setUsername("notices");
        endpoint.getConfiguration().setPassword(PASSWORD);
        endpoint.getConfiguration().setConnectionTimeout(2000);
        notice = new RejectionNotice();
        notice.setCamelContext(context);
        notice.setFrom(OUR_ADDRESS);
        notice.setEndpoint(endpoint);
        notice.setLedgerFile(dir.resolve("notices.jsonl"));
        notice.start();

        assertThat(notice.getSmtpServer()).isEqualTo("smtp://127.0.0.1:" + port);
        assertThatThrownBy(() -> notice.process(exchange()))
                .isInstanceOf(RetryableDeliveryException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aRefusedLoginIsRetryable() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().answeringAuth("535 5.7.8 authentication failed")) {
            start("smtp://127.0.0.1:" + server.port() + "?username=notices&password=" + PASSWORD);

            assertThatThrownBy(() -> notice.process(exchange()))
                    .isInstanceOf(RetryableDeliveryException.class)
                    .hasMessageContaining("login refused (535 5.7.8 authentication failed)")
                    .hasMessageNotContaining(PASSWORD);
            assertThat(server.messages()).isZero();
        }
    }

    @Test
    void aDeferredRecipientIsRetryable() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .answeringRcpt("451 4.7.1 greylisted, try again later")) {
            start("smtp://127.0.0.1:" + server.port());

            assertThatThrownBy(() -> notice.process(exchange()))
                    .isInstanceOf(RetryableDeliveryException.class)
                    .hasMessageContaining("451 4.7.1 greylisted");
            assertThat(server.messages()).isZero();
        }
    }

    @Test
    void aRefusedRecipientIsLoggedAndDoesNotHoldTheMessageUp() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .answeringRcpt("550 5.1.1 <billing@supplier.example>: Recipient address rejected")) {
            start("smtp://127.0.0.1:" + server.port() + "?username=notices&password=" + PASSWORD);
            Exchange exchange = exchange();

            notice.process(exchange);

            assertThat(exchange.getIn().getHeader(IngestExchange.NOTICE))
                    .isEqualTo("refused: 550 5.1.1 <billing@supplier.example>: Recipient address rejected");
            assertThat(server.commands()).contains("RCPT").doesNotContain("DATA");
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(l -> l.contains("refused by") && l.contains(MESSAGE_ID));
        }
    }
}
