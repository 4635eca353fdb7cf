package io.github.camelpop3ingest.pop3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.camelpop3ingest.testing.ManualClock;
import io.github.camelpop3ingest.testing.OAuth2TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token provider against a real HTTP token endpoint: both grants, expiry-driven renewal, one renewal per
 * rejection, and error answers that name the problem but no secret.
 */
class OAuth2TokenProviderTest {

    private static final String SECRET = "client-s3cret";
    private static final String REFRESH = "refresh-r3fresh";

    private final OAuth2TestServer server = new OAuth2TestServer();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void clientCredentialsGrantPostsTheFormAndCachesTheToken() {
        OAuth2TokenProvider provider = provider(null, "https://outlook.office365.com/.default");

        assertThat(provider.accessToken()).isEqualTo("token-1");
        assertThat(provider.accessToken()).isEqualTo("token-1");

        assertThat(server.tokenRequests()).singleElement().satisfies(r -> assertThat(r.form())
                .containsEntry("grant_type", "client_credentials").containsEntry("client_id", "ingest")
                .containsEntry("client_secret", SECRET).containsEntry("scope", "https://outlook.office365.com/.default")
                .doesNotContainKey("refresh_token"));
    }

    @Test
    void refreshTokenGrantSendsTheRefreshTokenAndUsesARotatedOne() {
        server.expiresIn(120);
        server.rotateRefreshTokenTo("refresh-rotated");
        OAuth2TokenProvider provider = provider(REFRESH, null);

        assertThat(provider.accessToken()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(120));
        assertThat(provider.accessToken()).isEqualTo("token-2");

        List<OAuth2TestServer.TokenRequest> requests = server.tokenRequests();
        assertThat(requests).extracting(r -> r.form().get("grant_type")).containsOnly("refresh_token");
        assertThat(requests).extracting(r -> r.form().get("refresh_token")).containsExactly(REFRESH, "refresh-rotated");
        assertThat(requests.get(0).form()).doesNotContainKey("scope");
    }

    @Test
    void aRotatedRefreshTokenSurvivesARestartWhileTheConfiguredOneIsUnchanged(@TempDir Path state) throws Exception {
        server.rotateRefreshTokenTo("refresh-rotated");
        Path file = state.resolve(FileRefreshTokenStore.FILE_NAME);
        assertThat(provider(REFRESH, null).withStore(new FileRefreshTokenStore(file)).accessToken()).isEqualTo("token-1");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(file)).doesNotContain(REFRESH);

        // A restart: a new provider with the same configuration asks with the rotated token.
        provider(REFRESH, null).withStore(new FileRefreshTokenStore(file)).accessToken();
        // A user who configures a new refresh token starts from it, not from the one stored for the old.
        provider("refresh-new", null).withStore(new FileRefreshTokenStore(file)).accessToken();

        assertThat(server.tokenRequests()).extracting(r -> r.form().get("refresh_token"))
                .containsExactly(REFRESH, "refresh-rotated", "refresh-new");
    }

    @Test
    void renewsOnlyWithinTheMarginBeforeExpiry() {
        server.expiresIn(3600);
        OAuth2TokenProvider provider = provider(null, null);

        assertThat(provider.accessToken()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(3600 - 61));
        assertThat(provider.accessToken()).as("61 s before expiry").isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(provider.accessToken()).as("60 s before expiry").isEqualTo("token-2");
        assertThat(server.tokenRequests()).hasSize(2);
    }

    @Test
    void aRejectedTokenIsRenewedOnceThenTheRejectionIsThrown() {
        OAuth2TokenProvider provider = provider(null, null);
        List<String> tried = new ArrayList<>();

        assertThatThrownBy(() -> provider.withAccessToken(token -> {
            tried.add(token);
            throw new Pop3AuthenticationException("Login refused", "AUTH XOAUTH2", "-ERR [AUTH] Authentication failed.");
        })).isInstanceOf(Pop3AuthenticationException.class);

        assertThat(tried).containsExactly("token-1", "token-2");
        assertThat(server.tokenRequests()).hasSize(2);
    }

    @Test
    void aRejectedTokenIsRenewedAndTheSecondLoginSucceeds() throws Exception {
        OAuth2TokenProvider provider = provider(null, null);

        String used = provider.withAccessToken(token -> {
            if (token.equals("token-1")) {
                throw new Pop3AuthenticationException("Login refused", "AUTH XOAUTH2", "-ERR [AUTH] Authentication failed.");
            }
            return token;
        });

        assertThat(used).isEqualTo("token-2");
        assertThat(provider.accessToken()).as("the new token is cached").isEqualTo("token-2");
        assertThat(server.tokenRequests()).hasSize(2);
    }

    @Test
    void anInvalidClientAnswerNamesTheErrorButNoSecret() {
        server.failNext(400, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret " + SECRET + "\"}");
        OAuth2TokenProvider provider = provider(REFRESH, null);

        assertThatThrownBy(provider::accessToken)
                .isInstanceOf(OAuth2TokenException.class)
                .isInstanceOf(Pop3LoginException.class)
                .as("the token endpoint failed, not the POP3 server").isNotInstanceOf(Pop3ServerException.class)
                .hasMessageContaining(server.tokenEndpoint().toString())
                .hasMessageContaining("HTTP 400 invalid_client")
                .hasMessageContaining("client ingest")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(REFRESH);
    }

    @Test
    void anUnreachableEndpointFailsWithoutSecrets() {
        server.close();
        OAuth2TokenProvider provider = provider(REFRESH, null);

        assertThatThrownBy(provider::accessToken)
                .isInstanceOf(OAuth2TokenException.class)
                .hasMessageContaining("could not be reached")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(REFRESH);
    }

    private OAuth2TokenProvider provider(String refreshToken, String scope) {
        return new OAuth2TokenProvider(new OAuth2Client(server.tokenEndpoint(), "ingest", SECRET, refreshToken, scope),
                Duration.ofSeconds(2), Duration.ofSeconds(5), clock, OAuth2TokenProvider.DEFAULT_REFRESH_MARGIN);
    }
}
