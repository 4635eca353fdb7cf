package io.github.camelpop3ingest.pop3;

import java.nio.file.Files;

import io.github.camelpop3ingest.testing.DovecotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Password logins against a private Dovecot: USER/PASS and SASL PLAIN over POP3S and after STLS, and a refused
 * password that shows the server's reply but never the password.
 */
class Pop3ConnectionLoginTest {

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @Test
    void userPassOverPop3s() throws Exception {
        dovecot.deliverText(2);
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            assertThat(pop3.tlsProtocol()).isEqualTo("TLSv1.3");
            assertThat(pop3.capabilities()).containsKeys("UIDL", "TOP", "USER", "PIPELINING", "SASL")
                    .doesNotContainKey("STLS");
            pop3.login(TestConnections.alice(Pop3AuthMechanism.USER));
            assertThat(pop3.uidl()).hasSize(2);
            pop3.quit();
        }
        assertThat(dovecot.awaitSessions(1).get(0).reason()).isEqualTo("Logged out");
        assertThat(loginLine()).contains("method=PLAIN");
    }

    @Test
    void saslPlainOverPop3s() throws Exception {
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            assertThat(pop3.capabilities().get("SASL")).contains("PLAIN");
            pop3.login(TestConnections.alice(Pop3AuthMechanism.PLAIN));
            assertThat(pop3.uidl()).isEmpty();
            pop3.quit();
        }
        assertThat(dovecot.awaitSessions(1)).hasSize(1);
        assertThat(loginLine()).contains("method=PLAIN");
    }

    @Test
    void stlsUpgradesThePlainPortAndRereadsTheCapabilities() throws Exception {
        dovecot.deliverText(1);
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.stls(dovecot))) {
            assertThat(pop3.tlsProtocol()).isEqualTo("TLSv1.3");
            // Dovecot offers STLS only in clear; its absence shows the capabilities were read again over TLS.
            assertThat(pop3.capabilities()).containsKey("UIDL").doesNotContainKey("STLS");
            // Dovecot refuses logins on this port before TLS (disable_plaintext_auth), so this proves the upgrade.
            pop3.login(TestConnections.alice(Pop3AuthMechanism.USER));
            assertThat(pop3.uidl()).hasSize(1);
            pop3.quit();
        }
        assertThat(loginLine()).contains(", TLS,");
    }

    @Test
    void wrongPasswordWithUserPassIsAnAuthenticationErrorWithTheReplyButNotThePassword() throws Exception {
        assertWrongPasswordRefused(Pop3AuthMechanism.USER, "PASS");
    }

    @Test
    void wrongPasswordWithSaslPlainIsAnAuthenticationErrorWithTheReplyButNotThePassword() throws Exception {
        assertWrongPasswordRefused(Pop3AuthMechanism.PLAIN, "AUTH PLAIN");
    }

    /** One refused login per test: Dovecot delays the next attempt from the same address by seconds. */
    private void assertWrongPasswordRefused(Pop3AuthMechanism mechanism, String command) throws Exception {
        String wrong = "not-the-Pa55word";
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            assertThatThrownBy(() -> pop3.login(new Pop3Credentials(DovecotServer.USER, mechanism, wrong)))
                    .isInstanceOfSatisfying(Pop3AuthenticationException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("Login to POP3 server localhost:" + dovecot.port()
                                + " as alice with " + mechanism + " refused: -ERR [AUTH] Authentication failed.");
                        assertThat(e.responseCode()).isEqualTo("AUTH");
                        assertThat(e.command()).isEqualTo(command);
                    });
        }
    }

    private String loginLine() throws Exception {
        return Files.readAllLines(dovecot.log()).stream()
                .filter(line -> line.contains("Login: user=<" + DovecotServer.USER + ">"))
                .reduce((first, second) -> second).orElseThrow();
    }
}
