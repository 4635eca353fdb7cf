package io.github.camelpop3ingest.pop3;

import java.io.InputStream;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client sends UTF8 (RFC 6856) in the AUTHORIZATION state, after CAPA and before the login, exactly when CAPA
 * lists it, so that a Courier-like server serves a message with raw UTF-8 headers as it is instead of a notice; a
 * refusal is logged and the session goes on.
 */
class Pop3ConnectionUtf8Test {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger connectionLogger = (Logger) LoggerFactory.getLogger(Pop3Connection.class);
    private Level levelBefore;

    static byte[] rawUtf8Message() throws Exception {
        try (InputStream in = Pop3ConnectionUtf8Test.class.getResourceAsStream("/utf8/raw-utf8-subject.eml")) {
            return in.readAllBytes();
        }
    }

    @BeforeEach
    void captureLog() {
        levelBefore = connectionLogger.getLevel();
        connectionLogger.setLevel(Level.TRACE);
        log.start();
        connectionLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        connectionLogger.detachAppender(log);
        connectionLogger.setLevel(levelBefore);
    }

    private static byte[] retrieveFirst(Pop3Connection connection) throws Exception {
        CollectingRetrieveHandler handler = new CollectingRetrieveHandler();
        connection.retrieve(List.of(1), 1, handler);
        return handler.opened.get(1).toByteArray();
    }

    @Test
    void utf8GoesOutBeforeTheLoginWhenCapaListsItAndRetrGivesTheOriginalBytes() throws Exception {
        byte[] original = rawUtf8Message();
        try (UnicodeNoticePop3Server server = new UnicodeNoticePop3Server().capabilities("USER", "UIDL", "UTF8 USER")) {
            server.deliver(original);
            try (Pop3Connection connection = Pop3Connection.open(server.settings())) {
                connection.login(new Pop3Credentials(UnicodeNoticePop3Server.USER, Pop3AuthMechanism.USER,
                        UnicodeNoticePop3Server.PASSWORD, false));

                assertThat(connection.utf8()).isTrue();
                assertThat(retrieveFirst(connection)).isEqualTo(original);
                connection.quit();
            }
            assertThat(server.commands()).containsExactly("CAPA", "UTF8", "USER alice", "PASS ***", "RETR 1", "QUIT");
            server.check();
        }
        // The TRACE protocol log shows the exchange like any other command's.
        assertThat(messages(Level.TRACE)).containsSubsequence("127.0.0.1:%s C: UTF8", "127.0.0.1:%s S: +OK UTF8 enabled");
    }

    @Test
    void utf8WithoutArgumentCountsToo() throws Exception {
        try (UnicodeNoticePop3Server server = new UnicodeNoticePop3Server().capabilities("USER", "UTF8")) {
            try (Pop3Connection connection = Pop3Connection.open(server.settings())) {
                assertThat(connection.utf8()).isTrue();
                connection.quit();
            }
            assertThat(server.commands()).containsExactly("CAPA", "UTF8", "QUIT");
        }
    }

    @Test
    void noUtf8ToAServerWhoseCapaDoesNotListIt() throws Exception {
        try (UnicodeNoticePop3Server server = new UnicodeNoticePop3Server().capabilities("USER", "UIDL", "UTF8=ACCEPT",
                "LANG")) {
            try (Pop3Connection connection = Pop3Connection.open(server.settings())) {
                connection.login(new Pop3Credentials(UnicodeNoticePop3Server.USER, Pop3AuthMechanism.USER,
                        UnicodeNoticePop3Server.PASSWORD, false));
                assertThat(connection.utf8()).isFalse();
                connection.quit();
            }
            assertThat(server.commands()).containsExactly("CAPA", "USER alice", "PASS ***", "QUIT");
        }
    }

    @Test
    void refusedUtf8IsLoggedAndTheSessionGoesOn() throws Exception {
        byte[] original = rawUtf8Message();
        try (UnicodeNoticePop3Server server = new UnicodeNoticePop3Server().capabilities("USER", "UTF8")
                .utf8Reply("-ERR UTF8 not available today")) {
            server.deliver(original);
            try (Pop3Connection connection = Pop3Connection.open(server.settings())) {
                connection.login(new Pop3Credentials(UnicodeNoticePop3Server.USER, Pop3AuthMechanism.USER,
                        UnicodeNoticePop3Server.PASSWORD, false));

                assertThat(connection.utf8()).isFalse();
                // What such a server then serves: the notice, not the message.
                assertThat(new String(retrieveFirst(connection), java.nio.charset.StandardCharsets.UTF_8))
                        .contains(UnicodeNoticePop3Server.NOTICE_SUBJECT);
                connection.quit();
            }
            assertThat(server.commands()).containsExactly("CAPA", "UTF8", "USER alice", "PASS ***", "RETR 1", "QUIT");
            assertThat(messages(Level.INFO)).singleElement().asString()
                    .startsWith("POP3 server 127.0.0.1:%s advertises UTF8 but refused it "
                            + "(-ERR UTF8 not available today)");
        }
    }

    private List<String> messages(Level level) {
        return log.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .map(m -> m.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:%s")).toList();
    }
}
