package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the client does when a server breaks the protocol, goes silent or cuts the connection, and how it pipelines;
 * scripted, because no real server can be made to do these on cue.
 */
class Pop3ConnectionMisbehavingServerTest {

    @Test
    void garbageGreetingIsAProtocolErrorNamingTheServerAndShowingWhatCame() throws Exception {
        try (ScriptedPop3Server server = new ScriptedPop3Server(peer -> {
            peer.send("SSH-2.0-OpenSSH_9.2p1 Debian-2\u001b[0m\u0000" + "x".repeat(200) + "\r\n");
            peer.awaitClose();
        })) {
            assertThatThrownBy(() -> Pop3Connection.open(server.settings(2000)))
                    .isInstanceOf(Pop3ProtocolException.class)
                    .hasMessageStartingWith("POP3 server 127.0.0.1:" + server.port()
                            + " sent \"SSH-2.0-OpenSSH_9.2p1 Debian-2?[0m?xxx")
                    .hasMessageEndingWith("...\" where a +OK greeting was expected");
            server.awaitScript();
        }
    }

    @Test
    void overLongStatusLineIsAProtocolError() throws Exception {
        try (ScriptedPop3Server server = new ScriptedPop3Server(peer -> {
            peer.send("+OK " + "a".repeat(20_000) + "\r\n");
            peer.awaitClose();
        })) {
            assertThatThrownBy(() -> Pop3Connection.open(server.settings(2000)))
                    .isInstanceOf(Pop3ProtocolException.class)
                    .hasMessageContaining("127.0.0.1:" + server.port())
                    .hasMessageContaining("a line longer than 8192 bytes where the greeting was expected: \"+OK aaa");
            server.awaitScript();
        }
    }

    @Test
    void silentServerEndsInAReadTimeoutNamingTheServer() throws Exception {
        try (ScriptedPop3Server server = new ScriptedPop3Server(peer -> {
            peer.send("+OK ready\r\n");
            peer.expect("CAPA");
            peer.awaitClose();
        })) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Pop3Connection.open(server.settings(500)))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("POP3 server 127.0.0.1:" + server.port() + " sent nothing for 500 ms while the reply "
                            + "to CAPA was awaited");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            server.awaitScript();
        }
    }

    @Test
    void serverSilentInTheTlsHandshakeEndsInAReadTimeout() throws Exception {
        try (ScriptedPop3Server server = new ScriptedPop3Server(ScriptedPop3Server.Peer::awaitClose)) {
            Pop3ConnectionSettings pop3s = new Pop3ConnectionSettings("127.0.0.1", server.port(), Pop3Security.POP3S,
                    TlsSocketFactories.socketFactory(RecordingPop3Server.certificate(), null, "test", "test"), 2000, 500);
            long start = System.nanoTime();
            assertThatThrownBy(() -> Pop3Connection.open(pop3s))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("TLS handshake with POP3 server 127.0.0.1:" + server.port() + " got no answer within "
                            + "500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            server.awaitScript();
        }
    }

    @Test
    void connectionClosedMidRetrLeavesAPartialStreamAndNoRetrievedCall() throws Exception {
        try (ScriptedPop3Server server = new ScriptedPop3Server(peer -> {
            peer.greet();
            peer.expect("RETR 1");
            peer.send("+OK 300 octets\r\nSubject: cut\r\n\r\nhalf a bo");
            peer.close();
        })) {
            CollectingRetrieveHandler handler = new CollectingRetrieveHandler();
            try (Pop3Connection pop3 = Pop3Connection.open(server.settings(2000))) {
                assertThatThrownBy(() -> pop3.retrieve(List.of(1), 1, handler))
                        .isInstanceOf(Pop3ProtocolException.class)
                        .hasMessage("POP3 server 127.0.0.1:" + server.port() + " closed the connection in the middle "
                                + "of the reply to RETR 1");
                // The session lost its place in the protocol: nothing more may be sent on it.
                assertThatThrownBy(pop3::uidl).isInstanceOf(IOException.class).hasMessageContaining("unusable");
            }
            assertThat(new String(handler.bytes(1), StandardCharsets.US_ASCII)).isEqualTo("Subject: cut\r\n\r\nhalf a bo");
            assertThat(handler.opened.get(1).closed).isTrue();
            assertThat(handler.retrieved).isEmpty();
            server.awaitScript();
        }
    }

    @Test
    void bareLfMessagePassesThroughUnchangedAndEndsAtDotLf() throws Exception {
        try (ScriptedPop3Server server = new ScriptedPop3Server(peer -> {
            peer.greet();
            peer.expect("RETR 1");
            // Bare LF throughout, one stuffed dot, a CR inside a line, and the terminator ".\n".
            peer.send("+OK\nSubject: lf\n\n..dotted\nbare\rcr\n.\n");
            peer.expect("RETR 2");
            peer.send("+OK\r\nSubject: crlf\r\n\r\nafter\r\n.\r\n");
            peer.expect("QUIT");
            peer.send("+OK bye\r\n");
        })) {
            CollectingRetrieveHandler handler = new CollectingRetrieveHandler();
            try (Pop3Connection pop3 = Pop3Connection.open(server.settings(2000))) {
                pop3.retrieve(List.of(1, 2), 1, handler);
                pop3.quit();
            }
            assertThat(handler.texts()).containsExactly("Subject: lf\n\n.dotted\nbare\rcr\n",
                    "Subject: crlf\r\n\r\nafter\r\n");
            server.awaitScript();
        }
    }

    @Test
    void pipelinedRetrsKeepTheirOrderAndARefusedOneInTheMiddleGoesToRefused() throws Exception {
        try (ScriptedPop3Server server = new ScriptedPop3Server(peer -> {
            peer.greet("UIDL", "PIPELINING");
            // A window of 3: three RETRs arrive before any reply; each reply read lets the next one out.
            peer.expect("RETR 1");
            peer.expect("RETR 2");
            peer.expect("RETR 3");
            peer.send("+OK\r\none\r\n.\r\n");
            peer.expect("RETR 4");
            peer.send("+OK\r\ntwo\r\n.\r\n");
            peer.expect("RETR 5");
            peer.send("-ERR [SYS/TEMP] message 3 is gone\r\n+OK\r\nfour\r\n.\r\n+OK\r\nfive\r\n.\r\n");
            peer.expect("QUIT");
            peer.send("+OK\r\n");
        })) {
            CollectingRetrieveHandler handler = new CollectingRetrieveHandler();
            try (Pop3Connection pop3 = Pop3Connection.open(server.settings(2000))) {
                assertThat(pop3.supportsPipelining()).isTrue();
                pop3.retrieve(List.of(1, 2, 3, 4, 5), 3, handler);
                pop3.quit();
            }
            assertThat(handler.retrieved).containsExactly(1, 2, 4, 5);
            assertThat(handler.texts()).containsExactly("one\r\n", "two\r\n", "four\r\n", "five\r\n");
            assertThat(handler.refused).containsExactly(Map.entry(3, "-ERR [SYS/TEMP] message 3 is gone"));
            server.awaitScript();
        }
    }

    @Test
    void stoppingEarlySendsNoNewRetrButReadsTheRepliesInFlight() throws Exception {
        try (ScriptedPop3Server server = new ScriptedPop3Server(peer -> {
            peer.greet("PIPELINING");
            peer.expect("RETR 1");
            peer.expect("RETR 2");
            peer.send("+OK\r\none\r\n.\r\n+OK\r\ntwo\r\n.\r\n");
            peer.expect("QUIT");
            peer.send("+OK\r\n");
        })) {
            // Stop as soon as the first message is in: RETR 2 is already in flight, RETR 3 is never sent.
            CollectingRetrieveHandler handler = new CollectingRetrieveHandler(done -> done < 1);
            try (Pop3Connection pop3 = Pop3Connection.open(server.settings(2000))) {
                pop3.retrieve(List.of(1, 2, 3), 2, handler);
                pop3.quit();
            }
            assertThat(handler.retrieved).containsExactly(1, 2);
            assertThat(server.commands()).containsExactly("CAPA", "RETR 1", "RETR 2", "QUIT");
            server.awaitScript();
        }
    }

    @Test
    void replyThatIsNeitherOkNorErrIsAProtocolError() throws Exception {
        try (ScriptedPop3Server server = new ScriptedPop3Server(peer -> {
            peer.greet();
            peer.expect("UIDL");
            peer.send("HTTP/1.1 400 Bad Request\r\n");
            peer.awaitClose();
        })) {
            try (Pop3Connection pop3 = Pop3Connection.open(server.settings(2000))) {
                assertThatThrownBy(pop3::uidl).isInstanceOf(Pop3ProtocolException.class)
                        .hasMessage("POP3 server 127.0.0.1:" + server.port() + " sent \"HTTP/1.1 400 Bad Request\" "
                                + "where +OK or -ERR in reply to UIDL was expected");
            }
            server.awaitScript();
        }
    }

    @Test
    void dataAfterTheStlsReplyIsRefusedAsAnInjection() throws Exception {
        try (ScriptedPop3Server server = new ScriptedPop3Server(peer -> {
            peer.greet("STLS");
            peer.expect("STLS");
            // An attacker in the path appends a reply the client would otherwise read as coming over TLS.
            peer.send("+OK Begin TLS\r\n+OK injected\r\n");
            peer.awaitClose();
        })) {
            Pop3ConnectionSettings stls = new Pop3ConnectionSettings("127.0.0.1", server.port(), Pop3Security.STLS,
                    TlsSocketFactories.socketFactory(RecordingPop3Server.certificate(), null, "test", "test"), 2000, 2000);
            assertThatThrownBy(() -> Pop3Connection.open(stls)).isInstanceOf(Pop3ProtocolException.class)
                    .hasMessageContaining("sent data after its reply to STLS");
            server.awaitScript();
        }
    }
}
