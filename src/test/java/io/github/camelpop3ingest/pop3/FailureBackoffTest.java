package io.github.camelpop3ingest.pop3;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.ManualClock;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failing mailbox is tried again after delay * 2^(failures-1), capped by maxBackoff, after at least authBackoff
 * when the maildrop is locked, and at the plain delay again once a poll succeeds; the polls in between are skipped.
 * A manual clock stands in for the minutes, while the scheduler runs every few milliseconds.
 */
class FailureBackoffTest {

    private static final Instant START = Instant.parse("2026-11-27T11:00:00Z");

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock(START);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger consumerLogger = (Logger) LoggerFactory.getLogger(Pop3IngestConsumer.class);

    @BeforeEach
    void captureLog() {
        log.start();
        consumerLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        consumerLogger.detachAppender(log);
    }

    @Test
    void unreachableServerIsTriedAtDoublingIntervalsUpToTheCap() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String uri = "pop3-ingest:localhost?port=" + closedPort + "&username=" + RecordingPop3Server.USER
                + "&password=RAW(" + RecordingPop3Server.PASSWORD + ")&truststore=" + RecordingPop3Server.certificate()
                + "&stateDir=" + tmp.resolve("state") + "&delay=20&initialDelay=0&connectTimeout=2000"
                + "&maxBackoff=160&authBackoff=100000";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"), Pop3IngestComponent.SCHEME,
                new Pop3IngestComponent().withClocks(Clock.systemUTC(), clock))) {
            // Reported at once, as the drain-once job needs.
            intake.awaitPolls(1);
            List<Long> gaps = attemptGaps(intake, 5, Duration.ofMillis(20));

            assertThat(gaps).containsExactly(20L, 40L, 80L, 160L, 160L);
            assertThat(intake.failures()).hasSize(6).allSatisfy(e -> assertThat(e)
                    .isInstanceOf(Pop3ServerException.class).isNotInstanceOf(Pop3LoginException.class));
            assertThat(consumer(intake).getSkippedPolls()).isGreaterThanOrEqualTo(2L * (20 - 6));
            List<String> lines = errorLines();
            assertThat(lines).hasSize(6);
            assertThat(lines.get(0)).startsWith("Poll of alice@localhost:" + closedPort + " failed")
                    .endsWith("; next attempt at " + START.plusMillis(20) + " (1 consecutive failures)");
            assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain(RecordingPop3Server.PASSWORD));
        }
    }

    @Test
    void lockedMaildropWaitsAuthBackoffAndASuccessResetsTheSpacing() throws Exception {
        server.lockMaildrop(true);
        server.deliverText(2);
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                + "&delay=20&initialDelay=0&maxBackoff=4000&authBackoff=1000";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"), Pop3IngestComponent.SCHEME,
                new Pop3IngestComponent().withClocks(Clock.systemUTC(), clock))) {
            intake.awaitPolls(1);
            List<Long> gaps = attemptGaps(intake, 1, Duration.ofMillis(250));
            assertThat(gaps).containsExactly(1000L);
            assertThat(intake.failures()).hasSize(2).allSatisfy(e -> assertThat(e)
                    .isInstanceOf(Pop3LoginException.class)
                    .hasMessageStartingWith("Maildrop " + server.account() + " is locked by another session")
                    .hasMessageContaining("[IN-USE]"));

            server.lockMaildrop(false);
            gaps = attemptGaps(intake, 1, Duration.ofMillis(250));
            assertThat(gaps).containsExactly(2000L);
            assertThat(intake.failures()).hasSize(2);
            assertThat(intake.processed()).isEqualTo(2);
            assertThat(consumer(intake).getConsecutiveFailures()).isZero();

            // Reset: polls follow the scheduler again while the clock stands still.
            int polls = intake.polls().size();
            intake.awaitPolls(polls + 3);
            assertThat(errorLines()).hasSize(2).allSatisfy(line -> assertThat(line)
                    .contains(server.account()).doesNotContain(RecordingPop3Server.PASSWORD));
            assertThat(errorLines().get(0)).endsWith("; next attempt at " + START.plusMillis(1000)
                    + " (1 consecutive failures)");
        }
    }

    /**
     * Moves the clock in steps, letting the scheduler run twice after each, and returns the clock time between
     * consecutive attempts for the next {@code attempts} attempts.
     */
    private List<Long> attemptGaps(IntakeContext intake, int attempts, Duration step) {
        Pop3IngestConsumer consumer = consumer(intake);
        List<Long> gaps = new ArrayList<>();
        Instant last = clock.instant();
        while (gaps.size() < attempts) {
            clock.advance(step);
            int polls = intake.polls().size();
            long cycles = consumer.getSkippedPolls() + polls;
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.getSkippedPolls() + intake.polls().size() >= cycles + 2);
            // After a success the scheduler's next polls may follow at once; the failure counts catch extra attempts.
            if (intake.polls().size() > polls) {
                gaps.add(Duration.between(last, clock.instant()).toMillis());
                last = clock.instant();
            }
        }
        return gaps;
    }

    private static Pop3IngestConsumer consumer(IntakeContext intake) {
        return (Pop3IngestConsumer) intake.context().getRoute("intake").getConsumer();
    }

    private List<String> errorLines() {
        return log.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
