package io.github.camelpop3ingest.repository;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import io.github.camelpop3ingest.pop3.OAuth2Client;
import io.github.camelpop3ingest.pop3.OAuth2TokenProvider;
import io.github.camelpop3ingest.testing.ManualClock;
import io.github.camelpop3ingest.testing.OAuth2TestServer;
import io.github.camelpop3ingest.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In cluster mode a refresh token that the token endpoint rotated to is stored in PostgreSQL, so that the instance
 * that takes a mailbox over (another store on its own connection) sends the newest one, also when it started before
 * the rotation; the table is created if missing and never holds the configured token.
 */
class RotatedRefreshTokenReachesTheOtherInstanceTest {

    private static final String MAILBOX = "invoices@outlook.office365.com:995";
    private static final String CONFIGURED = "refresh-Configured-9xQ";

    @RegisterExtension
    final PostgresServer postgres = new PostgresServer();

    private final OAuth2TestServer oauth = new OAuth2TestServer();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));

    @AfterEach
    void stopAuthorizationServer() {
        oauth.close();
    }

    /** A store of one instance: its own database connection. */
    private JdbcRefreshTokenStore store(String mailbox) {
        JdbcRefreshTokenStore store = new JdbcRefreshTokenStore(
                JdbcDatabase.postgres(postgres.url(), PostgresServer.USER, PostgresServer.PASSWORD), mailbox);
        store.start();
        return store;
    }

    private OAuth2TokenProvider provider(JdbcRefreshTokenStore store) {
        return new OAuth2TokenProvider(new OAuth2Client(oauth.tokenEndpoint(), "ingest", null, CONFIGURED, null),
                Duration.ofSeconds(5), Duration.ofSeconds(5), clock, OAuth2TokenProvider.DEFAULT_REFRESH_MARGIN)
                .withStore(store);
    }

    @Test
    void aTokenStoredByOneInstanceIsWhatTheOtherReads() throws Exception {
        JdbcRefreshTokenStore first = store(MAILBOX);
        JdbcRefreshTokenStore second = store(MAILBOX);
        JdbcRefreshTokenStore otherMailbox = store("sales@outlook.office365.com:995");
        try {
            assertThat(second.rotatedFrom(CONFIGURED)).isEmpty();
            assertThat(first.store(CONFIGURED, "refresh-Rotated-1")).isTrue();
            assertThat(second.rotatedFrom(CONFIGURED)).contains("refresh-Rotated-1");
            assertThat(first.store(CONFIGURED, "refresh-Rotated-2")).isTrue();
            assertThat(second.rotatedFrom(CONFIGURED)).contains("refresh-Rotated-2");
            assertThat(second.rotatedFrom("refresh-Configured-Anew")).as("a newly configured token starts afresh")
                    .isEmpty();
            assertThat(otherMailbox.rotatedFrom(CONFIGURED)).isEmpty();
        } finally {
            first.stop();
            second.stop();
            otherMailbox.stop();
        }
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + JdbcRefreshTokenStore.DEFAULT_TABLE_NAME)) {
            StringBuilder table = new StringBuilder();
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    table.append(rs.getString(i)).append(' ');
                }
            }
            assertThat(table).contains("refresh-Rotated-2").doesNotContain(CONFIGURED);
        }
    }

    @Test
    void afterAFailoverTheOtherInstanceSendsTheNewestTokenAndBackAgain() {
        oauth.expiresIn(600);
        JdbcRefreshTokenStore storeA = store(MAILBOX);
        JdbcRefreshTokenStore storeB = store(MAILBOX);
        try {
            // Both instances start before any rotation, as a standby does.
            OAuth2TokenProvider a = provider(storeA);
            OAuth2TokenProvider b = provider(storeB);

            oauth.rotateRefreshTokenTo("refresh-Rotated-A");
            assertThat(a.accessToken()).isEqualTo("token-1");
            // A dies; B takes the mailbox over.
            oauth.rotateRefreshTokenTo("refresh-Rotated-B");
            assertThat(b.accessToken()).isEqualTo("token-2");
            // B dies in turn; A, back as the standby, takes over when its token is due.
            clock.advance(Duration.ofSeconds(600));
            assertThat(a.accessToken()).isEqualTo("token-3");

            assertThat(oauth.tokenRequests()).extracting(r -> r.form().get("refresh_token"))
                    .containsExactly(CONFIGURED, "refresh-Rotated-A", "refresh-Rotated-B");
        } finally {
            storeA.stop();
            storeB.stop();
        }
    }

    @Test
    void whileTheDatabaseIsDownTheTokenInMemoryIsKeptAndUsed() {
        oauth.expiresIn(600);
        JdbcRefreshTokenStore store = store(MAILBOX);
        try {
            OAuth2TokenProvider provider = provider(store);
            postgres.stop();
            oauth.rotateRefreshTokenTo("refresh-Rotated-1");
            assertThat(provider.accessToken()).isEqualTo("token-1");
            assertThat(store.store(CONFIGURED, "refresh-Rotated-1")).isFalse();
            clock.advance(Duration.ofSeconds(600));
            assertThat(provider.accessToken()).isEqualTo("token-2");
            assertThat(oauth.tokenRequests()).extracting(r -> r.form().get("refresh_token"))
                    .containsExactly(CONFIGURED, "refresh-Rotated-1");
        } finally {
            store.stop();
        }
    }
}
