package io.github.camelpop3ingest.pop3;

import java.util.List;

import io.github.camelpop3ingest.testing.DovecotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelined DELE against a private Dovecot takes effect at QUIT and only then; a number the server refuses comes back.
 */
class Pop3ConnectionDeleteTest {

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @Test
    void deleteThenQuitRemovesTheMessages() throws Exception {
        dovecot.deliverText(20);
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            pop3.login(TestConnections.alice(Pop3AuthMechanism.USER));
            List<Integer> numbers = pop3.uidl().stream().map(Pop3Listing::number).toList();
            assertThat(pop3.delete(numbers, 16)).isEmpty();
            pop3.quit();
        }
        assertThat(dovecot.awaitSessions(1).get(0)).extracting(DovecotServer.Session::reason,
                DovecotServer.Session::del).containsExactly("Logged out", 20);
        assertThat(dovecot.messagesOnServer()).isZero();
    }

    @Test
    void deleteWithoutQuitLeavesTheMessages() throws Exception {
        dovecot.deliverText(5);
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            pop3.login(TestConnections.alice(Pop3AuthMechanism.USER));
            assertThat(pop3.delete(List.of(1, 2, 3, 4, 5), 1)).isEmpty();
        }
        assertThat(dovecot.awaitSessions(1).get(0).reason()).isNotEqualTo("Logged out");
        assertThat(dovecot.messagesOnServer()).isEqualTo(5);
    }

    @Test
    void refusedDeletionsAreReturnedAndTheOthersTakeEffect() throws Exception {
        dovecot.deliverText(3);
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            pop3.login(TestConnections.alice(Pop3AuthMechanism.USER));
            // 9 does not exist; the second 1 is already marked deleted.
            assertThat(pop3.delete(List.of(1, 9, 1, 3), 4)).containsExactly(9, 1);
            pop3.quit();
        }
        assertThat(dovecot.messagesOnServer()).isEqualTo(1);
    }
}
