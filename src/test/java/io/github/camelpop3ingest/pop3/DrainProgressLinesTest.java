package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;
import java.util.List;

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

class DrainProgressLinesTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    @Test
    void longDrainLogsNOfMAndThroughput() throws Exception {
        server.deliverText(5);
        Logger logger = (Logger) LoggerFactory.getLogger(Pop3IngestConsumer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            // progressInterval=0 makes every message but the last a "long" drain step.
            String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                    + "&delay=60000&initialDelay=0&progressInterval=0";
            try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
                assertThat(intake.awaitPolls(1).processed()).isEqualTo(5);
            }
        } finally {
            logger.detachAppender(appender);
        }
        List<String> progress = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("Draining ")).toList();
        assertThat(progress).hasSize(4);
        assertThat(progress.get(0)).matches("Draining " + server.account().replace(".", "\\.")
                + ": 1 of 5 messages, \\d+\\.\\d MB, \\d+\\.\\d MB/s, about \\d+ s left");
    }
}
