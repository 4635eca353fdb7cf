package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server's LOGIN-DELAY (RFC 2449 §6.8) is the least time between two logins to the maildrop, whatever the poll
 * delay: the value it announces after the login wins over the one before; polls sooner are skipped, and one INFO line
 * says so. A manual clock stands in for the seconds, while the scheduler runs every 100 ms.
 */
class LoginDelayTest {

    private static final Instant START = Instant.parse("2026-11-27T11:00:00Z");

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
    void connectionReportsTheDelayAnnouncedAfterLoginOverTheOneBefore() throws Exception {
        try (UnicodeNoticePop3Server server = new UnicodeNoticePop3Server()
                .capabilities("USER", "UIDL", "LOGIN-DELAY 900 USER").capabilitiesAfterLogin("UIDL", "LOGIN-DELAY 3")) {
            try (Pop3Connection connection = Pop3Connection.open(server.settings())) {
                assertThat(connection.loginDelay()).isEqualTo(Duration.ofSeconds(900));
                login(connection);
                assertThat(connection.loginDelay()).isEqualTo(Duration.ofSeconds(3));
                connection.quit();
            }
            assertThat(server.commands()).containsExactly("CAPA", "USER alice", "PASS ***", "CAPA", "QUIT");
        }
    }

    @Test
    void delayAnnouncedOnlyBeforeLoginStands() throws Exception {
        try (UnicodeNoticePop3Server server = new UnicodeNoticePop3Server().capabilities("USER", "LOGIN-DELAY 10")
                .capabilitiesAfterLogin("UIDL")) {
            try (Pop3Connection connection = Pop3Connection.open(server.settings())) {
                login(connection);
                assertThat(connection.loginDelay()).isEqualTo(Duration.ofSeconds(10));
                connection.quit();
            }
        }
    }

    @Test
    void noDelayAndNoSecondCapaWithoutLoginDelay() throws Exception {
        try (UnicodeNoticePop3Server server = new UnicodeNoticePop3Server().capabilities("USER", "UIDL")) {
            try (Pop3Connection connection = Pop3Connection.open(server.settings())) {
                login(connection);
                assertThat(connection.loginDelay()).isZero();
                connection.quit();
            }
            assertThat(server.commands()).containsExactly("CAPA", "USER alice", "PASS ***", "QUIT");
        }
    }

    @Test
    void noSecondLoginWithinTheServersLoginDelayAndOneAfter() throws Exception {
        try (UnicodeNoticePop3Server server = new UnicodeNoticePop3Server()
                .capabilities("USER", "UIDL", "LOGIN-DELAY 900 USER").capabilitiesAfterLogin("UIDL", "LOGIN-DELAY 3")) {
            String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                    + "&spoolDir=" + tmp.resolve("spool") + "&delay=100&initialDelay=0";
            try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"), Pop3IngestComponent.SCHEME,
                new Pop3IngestComponent().withClocks(Clock.systemUTC(), clock))) {
                intake.awaitPolls(1);
                Pop3IngestConsumer consumer = (Pop3IngestConsumer) intake.context().getRoute("intake").getConsumer();
                assertThat(server.logins()).isEqualTo(1);
                assertThat(consumer.getLoginDelaySeconds()).isEqualTo(3);

                awaitSkippedPolls(consumer, 5);
                clock.advance(Duration.ofMillis(2999));
                awaitSkippedPolls(consumer, 5);
                assertThat(server.logins()).isEqualTo(1);
                assertThat(intake.polls()).hasSize(1);

                clock.advance(Duration.ofMillis(1));
                intake.awaitPolls(2);
                assertThat(server.logins()).isEqualTo(2);
                // The next login is again 3 s of the clock away.
                awaitSkippedPolls(consumer, 5);
                assertThat(server.logins()).isEqualTo(2);
            }
            server.check();
            assertThat(infoLines()).containsExactly("POP3 server of alice@localhost:" + server.port() + " announces "
                    + "LOGIN-DELAY 3 s, longer than the poll delay of 100 ms: polls sooner than that after a login are "
                    + "skipped, so the mailbox is polled about every 3.0 s");
        }
    }

    private List<String> infoLines() {
        return log.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("LOGIN-DELAY")).toList();
    }

    private static void login(Pop3Connection connection) throws Exception {
        connection.login(new Pop3Credentials(UnicodeNoticePop3Server.USER, Pop3AuthMechanism.USER,
                UnicodeNoticePop3Server.PASSWORD, false));
    }

    private static void awaitSkippedPolls(Pop3IngestConsumer consumer, int more) {
        long target = consumer.getSkippedPolls() + more;
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.getSkippedPolls() >= target);
    }
}
