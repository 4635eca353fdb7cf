package io.github.camelpop3ingest.pop3;

import java.nio.file.Files;

import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.OAuth2TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * XOAUTH2 and OAUTHBEARER logins against Dovecot's oauth2 passdb, which asks the test's introspection endpoint about
 * every token: accepted tokens, Microsoft 365's two-line form, responses too long for the AUTH line, and refused
 * tokens answered the way each mechanism wants.
 */
class Pop3ConnectionOAuth2LoginTest {

    /** The test server calls every {@code token-*} active unless revoked. */
    private static final String VALID_TOKEN = "token-1";
    private static final String INVALID_TOKEN = "forged-Tok3n-never-shown";

    private final OAuth2TestServer oauth = new OAuth2TestServer();

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer().withOAuth2Introspection(oauth.introspectionEndpoint());

    @AfterEach
    void stopAuthorizationServer() {
        oauth.close();
    }

    @Test
    void xoauth2WithAValidTokenLogsIn() throws Exception {
        assertLogsIn(new Pop3Credentials(DovecotServer.USER, Pop3AuthMechanism.XOAUTH2, VALID_TOKEN), "XOAUTH2");
    }

    @Test
    void xoauth2InMicrosoft365sTwoLineFormLogsIn() throws Exception {
        assertLogsIn(new Pop3Credentials(DovecotServer.USER, Pop3AuthMechanism.XOAUTH2, VALID_TOKEN, true), "XOAUTH2");
    }

    @Test
    void oauthBearerWithAValidTokenLogsIn() throws Exception {
        assertLogsIn(new Pop3Credentials(DovecotServer.USER, Pop3AuthMechanism.OAUTHBEARER, VALID_TOKEN), "OAUTHBEARER");
    }

    @Test
    void tokensTooLongForTheAuthLineFollowTheContinuation() throws Exception {
        // Real access tokens (JWTs) are often over 1 KB, far past RFC 5034's 255 octets for the AUTH command.
        String longToken = "token-" + "x".repeat(1500);
        assertLogsIn(new Pop3Credentials(DovecotServer.USER, Pop3AuthMechanism.XOAUTH2, longToken), "XOAUTH2");
        assertLogsIn(new Pop3Credentials(DovecotServer.USER, Pop3AuthMechanism.OAUTHBEARER, longToken), "OAUTHBEARER");
        assertThat(oauth.introspected()).containsExactly(longToken, longToken);
    }

    @Test
    void xoauth2WithAnInvalidTokenIsRefusedWithTheRepliesText() throws Exception {
        assertRefused(Pop3AuthMechanism.XOAUTH2);
    }

    @Test
    void oauthBearerWithAnInvalidTokenIsRefusedWithTheRepliesText() throws Exception {
        assertRefused(Pop3AuthMechanism.OAUTHBEARER);
    }

    private void assertLogsIn(Pop3Credentials credentials, String method) throws Exception {
        dovecot.deliverText(1);
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            assertThat(pop3.capabilities().get("SASL")).contains(method);
            pop3.login(credentials);
            assertThat(pop3.uidl()).isNotEmpty();
            pop3.quit();
        }
        assertThat(Files.readString(dovecot.log())).contains("Login: user=<alice>, method=" + method);
    }

    private void assertRefused(Pop3AuthMechanism mechanism) throws Exception {
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            assertThatThrownBy(() -> pop3.login(new Pop3Credentials(DovecotServer.USER, mechanism, INVALID_TOKEN)))
                    .isInstanceOfSatisfying(Pop3AuthenticationException.class, e -> {
                        assertThat(e.getMessage()).startsWith("Login to POP3 server localhost:" + dovecot.port()
                                + " as alice with " + mechanism + " refused: " + e.reply())
                                // The error challenge was answered, so the server ended the exchange with its -ERR.
                                .contains(" (server's challenge: {\"status\":")
                                .doesNotContain(INVALID_TOKEN);
                        assertThat(e.reply()).startsWith("-ERR [AUTH]");
                        assertThat(e.command()).isEqualTo("AUTH " + mechanism);
                    });
        }
        assertThat(oauth.introspected()).containsExactly(INVALID_TOKEN);
        assertThat(Files.readString(dovecot.log())).doesNotContain("Login: user=<alice>");
    }
}
