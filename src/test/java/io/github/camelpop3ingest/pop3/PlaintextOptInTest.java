package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain POP3 works only with the explicit opt-in, and then every connect logs a warning; STLS on a server that does
 * not offer it is refused before the password is sent.
 */
class PlaintextOptInTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    private String uri(String security) {
        return "pop3-ingest:localhost?port=" + server.plainPort() + "&username=" + RecordingPop3Server.USER
                + "&password=RAW(" + RecordingPop3Server.PASSWORD + ")&stateDir=" + tmp.resolve("state")
                + "&initialDelay=0&delay=100&" + security;
    }

    @Test
    void optedInPlaintextDrainsAndWarnsAtEveryConnect() throws Exception {
        server.deliverText(2);
        Logger logger = (Logger) LoggerFactory.getLogger(Pop3IngestConsumer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (IntakeContext intake = IntakeContext.start(uri("security=PLAIN&allowPlaintext=true"), tmp.resolve("archive"))) {
            assertThat(intake.awaitPolls(1).processed()).isEqualTo(2);
            intake.awaitPolls(2);
        } finally {
            logger.detachAppender(appender);
        }
        List<ILoggingEvent> warnings = appender.list.stream()
                .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("without TLS")).toList();
        assertThat(warnings.size()).isGreaterThanOrEqualTo(2);
        assertThat(warnings.get(0).getFormattedMessage()).contains(RecordingPop3Server.USER + "@localhost:" + server.plainPort())
                .doesNotContain(RecordingPop3Server.PASSWORD);
    }

    @Test
    void stlsIsRefusedWhenTheServerDoesNotOfferIt() throws Exception {
        server.deliverText(1);
        try (IntakeContext intake = IntakeContext.start(uri("security=STLS&truststore=" + RecordingPop3Server.certificate()),
                tmp.resolve("archive"))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(poll.fetched()).isZero();
            assertThat(intake.failures()).singleElement()
                    .satisfies(e -> assertThat(e).hasStackTraceContaining("STLS"));
        }
    }
}
