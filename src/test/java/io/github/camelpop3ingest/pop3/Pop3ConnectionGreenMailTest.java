package io.github.camelpop3ingest.pop3;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.camelpop3ingest.testing.RecordingPop3Server;
import io.github.camelpop3ingest.testing.TestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against GreenMail, the mailbox of the other tests and the main job's embedded default: a drain over
 * POP3S, TOP although CAPA does not list it, refused logins, and no pipelining where the server does not offer it.
 */
class Pop3ConnectionGreenMailTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @Test
    void drainsOverPop3sWithUidlRetrAndTop() throws Exception {
        byte[] first = TestMessages.text("first message");
        byte[] second = TestMessages.text("second message");
        server.deliver(first);
        server.deliver(second);
        CollectingRetrieveHandler handler = new CollectingRetrieveHandler();
        byte[] header;
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(server))) {
            // GreenMail 2.1 lists only these, although it also knows USER and TOP.
            assertThat(pop3.capabilities()).containsOnlyKeys("UIDL", "SASL");
            pop3.login(new Pop3Credentials(RecordingPop3Server.USER, Pop3AuthMechanism.USER,
                    RecordingPop3Server.PASSWORD));
            List<Pop3Listing> uidl = pop3.uidl();
            assertThat(uidl).extracting(Pop3Listing::number).containsExactly(1, 2);
            assertThat(uidl).extracting(Pop3Listing::uid).containsExactlyElementsOf(server.uidlsOnServer());
            pop3.retrieve(List.of(1, 2), 1, handler);
            header = pop3.top(2, 0);
            pop3.quit();
        }
        assertThat(handler.retrieved).containsExactly(1, 2);
        // GreenMail stores a parsed message and writes it out again, so compare what survives that: header and body.
        assertThat(new String(handler.bytes(1), StandardCharsets.UTF_8)).contains("Subject: first message\r\n")
                .endsWith("\r\n\r\nfirst message\r\n");
        assertThat(new String(handler.bytes(2), StandardCharsets.UTF_8)).contains("Subject: second message\r\n")
                .endsWith("\r\n\r\nsecond message\r\n");
        assertThat(new String(header, StandardCharsets.UTF_8)).contains("Subject: second message\r\n")
                .endsWith("\r\n\r\n");
        assertThat(server.commands()).containsExactly("CAPA", "USER", "PASS", "UIDL", "RETR", "RETR", "TOP", "QUIT");
    }

    @Test
    void wrongPasswordIsRefusedAndTheRightOneThenLogsInOnTheSameSession() throws Exception {
        String wrong = "not-the-Pa55word";
        server.deliverText(1);
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(server))) {
            assertThatThrownBy(() -> pop3.login(new Pop3Credentials(RecordingPop3Server.USER, Pop3AuthMechanism.USER,
                    wrong)))
                    .isInstanceOf(Pop3AuthenticationException.class)
                    .hasMessageStartingWith("Login to POP3 server localhost:" + server.port() + " as alice with USER "
                            + "refused: -ERR")
                    .hasMessageNotContaining(wrong);
            pop3.login(new Pop3Credentials(RecordingPop3Server.USER, Pop3AuthMechanism.PLAIN,
                    RecordingPop3Server.PASSWORD));
            assertThat(pop3.uidl()).hasSize(1);
            pop3.quit();
        }
    }

    @Test
    void lockedMaildropIsAnAuthenticationErrorWithTheInUseCode() throws Exception {
        server.lockMaildrop(true);
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(server))) {
            assertThatThrownBy(() -> pop3.login(new Pop3Credentials(RecordingPop3Server.USER, Pop3AuthMechanism.USER,
                    RecordingPop3Server.PASSWORD)))
                    .isInstanceOfSatisfying(Pop3AuthenticationException.class, e -> {
                        assertThat(e.getMessage()).contains("refused: -ERR [IN-USE] maildrop is locked by another session");
                        assertThat(e.responseCode()).isEqualTo("IN-USE");
                    });
        }
    }

    @Test
    void aWindowAboveOneNeedsPipeliningInCapa() throws Exception {
        server.deliverText(2);
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(server))) {
            pop3.login(new Pop3Credentials(RecordingPop3Server.USER, Pop3AuthMechanism.USER,
                    RecordingPop3Server.PASSWORD));
            assertThat(pop3.supportsPipelining()).isFalse();
            assertThatThrownBy(() -> pop3.retrieve(List.of(1, 2), 4, new CollectingRetrieveHandler()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("A window of 4 commands needs PIPELINING, which POP3 server localhost:" + server.port()
                            + " does not advertise; use 1");
            assertThat(pop3.delete(List.of(1, 2), 1)).isEmpty();
            pop3.quit();
        }
        assertThat(server.count("RETR")).isZero();
        assertThat(server.messagesOnServer()).isZero();
    }
}
