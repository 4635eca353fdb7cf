package io.github.camelpop3ingest.pop3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.camelpop3ingest.testing.DovecotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RETR, UIDL, LIST and TOP against a private Dovecot: every message arrives byte for byte as delivered, one command
 * at a time and pipelined, including lines the server has to dot-stuff.
 */
class Pop3ConnectionRetrieveTest {

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @Test
    void retrievesEveryMessageByteForByteOneAtATime() throws Exception {
        assertRetrievesExactlyWhatWasDelivered(1);
    }

    @Test
    void retrievesEveryMessageByteForByteSixteenInFlight() throws Exception {
        assertRetrievesExactlyWhatWasDelivered(16);
    }

    private void assertRetrievesExactlyWhatWasDelivered(int window) throws Exception {
        List<byte[]> delivered = new ArrayList<>();
        Random random = new Random(window);
        for (int i = 0; i < 200; i++) {
            byte[] message = variedMessage(i, random);
            dovecot.deliver(message);
            delivered.add(message);
        }
        CollectingRetrieveHandler handler = new CollectingRetrieveHandler();
        List<Integer> numbers;
        Map<Integer, Long> sizes;
        long bytesRead;
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            assertThat(pop3.supportsPipelining()).isTrue();
            pop3.login(TestConnections.alice(Pop3AuthMechanism.USER));
            numbers = pop3.uidl().stream().map(Pop3Listing::number).toList();
            sizes = pop3.list();
            long before = pop3.bytesRead();
            pop3.retrieve(numbers, window, handler);
            bytesRead = pop3.bytesRead() - before;
            pop3.quit();
        }

        assertThat(handler.retrieved).containsExactlyElementsOf(numbers).hasSize(200);
        assertThat(handler.refused).isEmpty();
        assertThat(handler.texts()).containsExactlyInAnyOrderElementsOf(CollectingRetrieveHandler.texts(delivered));
        // Dovecot's LIST counts the octets as sent, CRLFs included and stuffing dots not, which is what was written.
        assertThat(handler.sizes).isEqualTo(sizes);
        long total = delivered.stream().mapToLong(m -> m.length).sum();
        assertThat(bytesRead).isGreaterThan(total);
        assertThat(dovecot.awaitSessions(1).get(0)).extracting(DovecotServer.Session::reason,
                DovecotServer.Session::retr).containsExactly("Logged out", 200);
    }

    @Test
    void linesThatStartWithDotsRoundTripExactly() throws Exception {
        byte[] dotted = crlf("From: dots@example.com", "Subject: dots", "", ".", "..", "...", ".leading", "..double",
                ". space", "middle . dot", ".\t", "", ".");
        dovecot.deliver(dotted);
        // A message whose last line is a lone dot on its own, next to the terminator the server adds.
        byte[] endsInDot = crlf("Subject: last", "", "text", ".");
        dovecot.deliver(endsInDot);
        CollectingRetrieveHandler handler = new CollectingRetrieveHandler();
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            pop3.login(TestConnections.alice(Pop3AuthMechanism.USER));
            pop3.retrieve(List.of(1, 2), 1, handler);
            pop3.quit();
        }
        assertThat(handler.texts()).containsExactlyInAnyOrderElementsOf(
                CollectingRetrieveHandler.texts(List.of(dotted, endsInDot)));
    }

    @Test
    void topReturnsTheHeaderAndTheFirstBodyLines() throws Exception {
        byte[] message = crlf("From: top@example.com", "Subject: top", "", "first", ".second", "third");
        dovecot.deliver(message);
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            pop3.login(TestConnections.alice(Pop3AuthMechanism.USER));
            assertThat(new String(pop3.top(1, 0), StandardCharsets.US_ASCII))
                    .isEqualTo("From: top@example.com\r\nSubject: top\r\n\r\n");
            assertThat(new String(pop3.top(1, 2), StandardCharsets.US_ASCII))
                    .isEqualTo("From: top@example.com\r\nSubject: top\r\n\r\nfirst\r\n.second\r\n");
            pop3.quit();
        }
        assertThat(dovecot.awaitSessions(1).get(0).top()).isEqualTo(2);
    }

    @Test
    void uidlIsTheSameInEverySessionAndRetrOfAMissingMessageIsRefused() throws Exception {
        dovecot.deliverText(3);
        List<Pop3Listing> first;
        CollectingRetrieveHandler handler = new CollectingRetrieveHandler();
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            pop3.login(TestConnections.alice(Pop3AuthMechanism.PLAIN));
            first = pop3.uidl();
            pop3.retrieve(List.of(2, 7, 3), 2, handler);
            pop3.quit();
        }
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            pop3.login(TestConnections.alice(Pop3AuthMechanism.PLAIN));
            assertThat(pop3.uidl()).isEqualTo(first);
            pop3.quit();
        }
        assertThat(first).extracting(Pop3Listing::number).containsExactly(1, 2, 3);
        assertThat(first).extracting(Pop3Listing::uid).doesNotHaveDuplicates().allMatch(uid -> uid.length() == 16);
        assertThat(handler.retrieved).containsExactly(2, 3);
        assertThat(handler.refused).containsOnlyKeys(7).containsValue("-ERR There's no message 7.");
    }

    /** A text message of 0 to 40 KB: UTF-8, tabs, long and empty lines, now and then lines that start with dots. */
    static byte[] variedMessage(int index, Random random) {
        StringBuilder sb = new StringBuilder();
        sb.append("From: Sender <sender@example.com>\r\nTo: alice@localhost\r\nSubject: Message ").append(index)
                .append("\r\nMessage-ID: <").append(index).append('.').append(random.nextLong())
                .append("@example.com>\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit")
                .append("\r\n\r\n");
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:-_ \t äöüéß€ ";
        int lines = random.nextInt(400);
        for (int l = 0; l < lines; l++) {
            int kind = random.nextInt(20);
            if (kind == 0) {
                sb.append('.');
            } else if (kind == 1) {
                sb.append("..");
            }
            int length = random.nextInt(10) == 0 ? 900 : random.nextInt(120);
            for (int c = 0; c < length; c++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] crlf(String... lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
