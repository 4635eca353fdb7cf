package io.github.camelpop3ingest.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.OAuth2TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XOAUTH2 and OAUTHBEARER (RFC 7628) logins against Dovecot's oauth2 passdb, which introspects every token at the test's authorization server
 * that also issues them (client_credentials grant).
 */
class DovecotOAuth2InteropTest {

    private static final String CLIENT_SECRET = "client-s3cret-never-logged";

    // Started before Dovecot's beforeEach, which writes the introspection URL into its configuration.
    private final OAuth2TestServer oauth = new OAuth2TestServer();

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer().withOAuth2Introspection(oauth.introspectionEndpoint());

    @TempDir
    Path tmp;

    @AfterEach
    void stopAuthorizationServer() {
        oauth.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"xoauth2", "oauthbearer"})
    void tokenLoginDrainsTheMailbox(String mechanism) throws Exception {
        List<byte[]> seeded = dovecot.deliverText(5);
        try (IntakeContext intake = IntakeContext.start(uri(mechanism), tmp.resolve("archive"))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(intake.failures()).isEmpty();
            assertThat(poll.processed()).isEqualTo(5);
        }

        assertThat(ArchivedMessages.in(tmp.resolve("archive")))
                .containsExactlyInAnyOrderElementsOf(ArchivedMessages.asText(seeded));
        assertThat(oauth.tokenRequests()).singleElement()
                .satisfies(r -> assertThat(r.form()).containsEntry("grant_type", "client_credentials")
                        .containsEntry("client_id", "ingest").containsEntry("client_secret", CLIENT_SECRET));
        assertThat(oauth.introspected()).containsExactly("token-1");
        assertThat(dovecot.awaitSessions(1).get(0).retr()).isEqualTo(5);
        assertThat(Files.readString(dovecot.log())).doesNotContain(CLIENT_SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xoauth2", "oauthbearer"})
    void aRevokedTokenIsReplacedOnceAndTheDrainSucceeds(String mechanism) throws Exception {
        // The first token the server issues is already revoked: the cached-token case after a revocation.
        oauth.revoke("token-1");
        List<byte[]> seeded = dovecot.deliverText(3);
        try (IntakeContext intake = IntakeContext.start(uri(mechanism), tmp.resolve("archive"))) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(intake.failures()).isEmpty();
            assertThat(poll.processed()).isEqualTo(3);
        }

        assertThat(ArchivedMessages.in(tmp.resolve("archive")))
                .containsExactlyInAnyOrderElementsOf(ArchivedMessages.asText(seeded));
        assertThat(oauth.tokenRequests()).hasSize(2);
        assertThat(oauth.introspected()).containsExactly("token-1", "token-2");
        assertThat(dovecot.awaitSessions(1)).singleElement()
                .satisfies(s -> assertThat(s.retr()).isEqualTo(3));
    }

    private String uri(String mechanism) {
        return "pop3-ingest:localhost?port=" + dovecot.port() + "&username=" + DovecotServer.USER
                + "&authMechanism=" + mechanism + "&oauth2TokenEndpoint=RAW(" + oauth.tokenEndpoint() + ")"
                + "&oauth2ClientId=ingest&oauth2ClientSecret=RAW(" + CLIENT_SECRET + ")"
                + "&truststore=" + dovecot.certificate() + "&stateDir=" + tmp.resolve("state")
                + "&delay=60000&initialDelay=0";
    }
}
