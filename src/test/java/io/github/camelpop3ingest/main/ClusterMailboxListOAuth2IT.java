package io.github.camelpop3ingest.main;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.MainJob;
import io.github.camelpop3ingest.testing.OAuth2TestServer;
import io.github.camelpop3ingest.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar in cluster mode with a mailbox list whose mailbox logs in to Dovecot with XOAUTH2 (settings shared through
 * the entry {@code *}, secrets as references): the first instance drains it and stores the refresh token the token
 * endpoint rotated to in PostgreSQL; the instance that takes over, with a state directory of its own, sends that one.
 * Neither prints a secret.
 */
class ClusterMailboxListOAuth2IT {

    private static final String CLIENT_SECRET = "client-S3cret-Tenant-77";
    private static final String CONFIGURED = "refresh-Configured-Qx4";
    private static final String ROTATED = "refresh-Rotated-Zp8";

    // Started before Dovecot's beforeEach, which writes the introspection URL into its configuration.
    private final OAuth2TestServer oauth = new OAuth2TestServer();

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer().withOAuth2Introspection(oauth.introspectionEndpoint());

    @RegisterExtension
    final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path work;

    @AfterEach
    void stopAuthorizationServer() {
        oauth.close();
    }

    @Test
    void theInstanceThatTakesOverSendsTheRotatedRefreshToken() throws Exception {
        Path refresh = Files.writeString(work.resolve("invoices.refresh"), CONFIGURED + "\n");
        Path list = Files.write(work.resolve("mailboxes.properties"), List.of(
                "*.auth = xoauth2",
                "*.token-endpoint = " + oauth.tokenEndpoint(),
                "*.client-id = ingest",
                "*.client-secret = env:TENANT_CLIENT_SECRET",
                "invoices.host = localhost",
                "invoices.port = " + dovecot.port(),
                "invoices.username = " + DovecotServer.USER,
                "invoices.truststore = " + dovecot.certificate(),
                "invoices.refresh-token = file:" + refresh), StandardCharsets.UTF_8);
        oauth.rotateRefreshTokenTo(ROTATED);
        dovecot.deliverText(3);

        MainJob a = instance(list, "a");
        assertThat(run(a, "a")).as(a.stderr("a")).isZero();
        assertThat(a.lastLine("a")).startsWith("fetched=3 skipped=0 archived=3 failed=0 ");
        assertThat(storedTokens()).containsExactly(ROTATED);

        dovecot.deliverText(2);
        MainJob b = instance(list, "b");
        assertThat(run(b, "b")).as(b.stderr("b")).isZero();
        assertThat(b.lastLine("b")).startsWith("fetched=2 skipped=3 archived=2 failed=0 ");

        assertThat(oauth.tokenRequests()).extracting(r -> r.form().get("refresh_token"))
                .containsExactly(CONFIGURED, ROTATED);
        assertThat(oauth.tokenRequests()).allSatisfy(r -> assertThat(r.form())
                .containsEntry("grant_type", "refresh_token").containsEntry("client_secret", CLIENT_SECRET));
        assertThat(work.resolve("b/mailboxes/invoices/oauth2-refresh-token")).as("no token file in cluster mode")
                .doesNotExist();
        for (String output : List.of(a.stdout("a"), a.stderr("a"), b.stdout("b"), b.stderr("b"))) {
            assertThat(output).doesNotContain(CLIENT_SECRET).doesNotContain(CONFIGURED).doesNotContain(ROTATED);
        }
    }

    private MainJob instance(Path list, String name) {
        return new MainJob(work).env("INGEST_MAILBOXES_FILE", list.toString())
                .env("TENANT_CLIENT_SECRET", CLIENT_SECRET)
                .env("INGEST_ARCHIVE_DIR", work.resolve("archive").toString())
                .env("INGEST_STATE_DIR", work.resolve(name).toString())
                .env("INGEST_QUARANTINE_DIR", work.resolve("quarantine").toString())
                .env("INGEST_ONCE", "true")
                .env("INGEST_CLUSTER_SERVICE", "file:" + work.resolve("cluster"))
                .env("INGEST_CLUSTER_LOCK_INTERVAL", "500")
                .env("INGEST_CLUSTER_DB_URL", postgres.url())
                .env("INGEST_CLUSTER_DB_USER", PostgresServer.USER)
                .env("INGEST_CLUSTER_DB_PASSWORD", PostgresServer.PASSWORD);
    }

    private static int run(MainJob job, String name) throws Exception {
        Process p = job.start(name);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private List<String> storedTokens() throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT refresh_token FROM ingest_refresh_tokens")) {
            List<String> tokens = new java.util.ArrayList<>();
            while (rs.next()) {
                tokens.add(rs.getString(1));
            }
            return tokens;
        }
    }
}
