package io.github.camelpop3ingest.main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.camelpop3ingest.pop3.Pop3IngestEndpoint;
import io.github.camelpop3ingest.pop3.Pop3Security;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The POP3 settings (security, allow-plaintext, port by security, UIDL fallback, messages per poll, timeouts and
 * backoffs) reach the endpoint of the single-mailbox route and of every route of a mailbox list, as do a listed
 * mailbox's OAuth 2.0 keys; plain POP3 without allow-plaintext stops the job naming both settings.
 */
class Pop3SettingsReachTheEndpointTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @Test
    void pollSettingsReachTheSingleMailboxEndpointAndItStillDrains() throws Exception {
        server.deliverText(2);
        try (MainRoutes job = new MainRoutes(server, work)
                .set(IngestSetting.POP3_UIDL_FALLBACK, "message-id")
                .set(IngestSetting.POLL_MAX_MESSAGES, "7")
                .set(IngestSetting.POLL_CONNECT_TIMEOUT, "1234")
                .set(IngestSetting.POLL_READ_TIMEOUT, "2345")
                .set(IngestSetting.POLL_MAX_BACKOFF, "3456")
                .set(IngestSetting.POLL_AUTH_BACKOFF, "4567")
                .start()) {
            assertThat(job.awaitPolls(1).processed()).isEqualTo(2);
            Pop3IngestEndpoint endpoint = endpoint(job.context());
            assertThat(endpoint.getConfiguration().getSecurity()).isEqualTo(Pop3Security.POP3S);
            assertThat(endpoint.getConfiguration().isAllowPlaintext()).isFalse();
            assertThat(endpoint.getConfiguration().getPort()).isEqualTo(server.port());
            assertThat(endpoint.getConfiguration().getUidlFallback().value()).isEqualTo("message-id");
            assertThat(endpoint.getConfiguration().getMaxMessagesPerPoll()).isEqualTo(7);
            assertThat(endpoint.getConfiguration().getConnectTimeout()).isEqualTo(1234);
            assertThat(endpoint.getConfiguration().getReadTimeout()).isEqualTo(2345);
            assertThat(endpoint.getConfiguration().getMaxBackoff()).isEqualTo(3456);
            assertThat(endpoint.getConfiguration().getAuthBackoff()).isEqualTo(4567);
        }
    }

    @Test
    void withoutAPortStlsAndPlainUse110AndPop3sKeeps995() {
        assertThat(settings(Map.of()).port()).isEqualTo(995);
        assertThat(settings(Map.of(IngestSetting.POP3_SECURITY, "stls")).port()).isEqualTo(110);
        assertThat(settings(Map.of(IngestSetting.POP3_SECURITY, "plain",
                IngestSetting.POP3_ALLOW_PLAINTEXT, "true")).port()).isEqualTo(110);
        assertThat(settings(Map.of(IngestSetting.POP3_SECURITY, "stls", IngestSetting.POP3_PORT, "1110")).port())
                .isEqualTo(1110);
        assertThat(settings(Map.of(IngestSetting.POP3_SECURITY, "stls")).account().toString())
                .isEqualTo("u@pop.example.com:110");
    }

    @Test
    void stlsAndPlainReachTheEndpointWithThePortOfTheirSecurity() throws Exception {
        for (String security : List.of("stls", "plain")) {
            try (MainRoutes job = new MainRoutes(server, work.resolve(security))
                    .set(IngestSetting.POP3_PORT, "")
                    .set(IngestSetting.POP3_SECURITY, security)
                    .set(IngestSetting.POP3_ALLOW_PLAINTEXT, "plain".equals(security) ? "true" : "false")
                    .set(IngestSetting.POLL_DELAY, "3600000")
                    .start()) {
                Pop3IngestEndpoint endpoint = endpoint(job.context());
                assertThat(endpoint.getConfiguration().getSecurity()).hasToString(security.toUpperCase());
                assertThat(endpoint.getConfiguration().isAllowPlaintext()).isEqualTo("plain".equals(security));
                assertThat(endpoint.getConfiguration().getPort()).isEqualTo(110);
            }
        }
    }

    @Test
    void plainWithoutAllowPlaintextNamesBothSettings() {
        assertThatThrownBy(() -> settings(Map.of(IngestSetting.POP3_SECURITY, "plain")))
                .hasMessageContaining("ingest.pop3.security (INGEST_POP3_SECURITY) is plain")
                .hasMessageContaining("ingest.pop3.allow-plaintext (INGEST_POP3_ALLOW_PLAINTEXT) is not true");
        assertThatThrownBy(() -> settings(Map.of(IngestSetting.POP3_SECURITY, "tls")))
                .hasMessageContaining("ingest.pop3.security (INGEST_POP3_SECURITY) 'tls' is not one of pop3s, stls, plain");
        assertThatThrownBy(() -> settings(Map.of(IngestSetting.POP3_HOST, "pop.example.com?security=stls")))
                .hasMessageContaining("ingest.pop3.host (INGEST_POP3_HOST) 'pop.example.com?security=stls' is not a host name");
        assertThatThrownBy(() -> settings(Map.of(IngestSetting.POP3_UIDL_FALLBACK, "uid")))
                .hasMessageContaining("ingest.pop3.uidl-fallback (INGEST_POP3_UIDL_FALLBACK) 'uid'");
        assertThatThrownBy(() -> settings(Map.of(IngestSetting.POLL_READ_TIMEOUT, "0")))
                .hasMessageContaining("ingest.poll.read-timeout (INGEST_POLL_READ_TIMEOUT) '0' must be a whole number from 1");
    }

    @Test
    void theMailboxListTakesTheSameSecurityAndEveryMailboxThePollSettings() throws Exception {
        Path list = Files.write(work.resolve("mailboxes.properties"), List.of(
                "lan.host = 10.0.0.5", "lan.username = scanner", "lan.secret = env:LAN_PW",
                "lan.security = plain", "lan.allow-plaintext = true", "lan.uidl-fallback = message-id",
                "office.host = pop.example.com", "office.username = office", "office.secret = env:LAN_PW",
                "office.security = stls"));
        try (MainRoutes job = new MainRoutes(work).set(IngestSetting.MAILBOXES_FILE, list.toString())
                .set(IngestSetting.POLL_MAX_MESSAGES, "9").set(IngestSetting.POLL_CONNECT_TIMEOUT, "1111")
                .set(IngestSetting.POLL_READ_TIMEOUT, "2222").set(IngestSetting.POLL_MAX_BACKOFF, "3333")
                .set(IngestSetting.POLL_AUTH_BACKOFF, "4444").start(Map.of("LAN_PW", "pw")::get, false)) {
            Pop3IngestEndpoint lan = mailbox(job, "lan");
            Pop3IngestEndpoint office = mailbox(job, "office");
            assertThat(lan.getConfiguration().getSecurity()).isEqualTo(Pop3Security.PLAIN);
            assertThat(lan.getConfiguration().isAllowPlaintext()).isTrue();
            assertThat(lan.getConfiguration().getPort()).isEqualTo(110);
            assertThat(lan.getConfiguration().getUidlFallback().value()).isEqualTo("message-id");
            assertThat(office.getConfiguration().getSecurity()).isEqualTo(Pop3Security.STLS);
            assertThat(office.getConfiguration().getPort()).isEqualTo(110);
            assertThat(office.getConfiguration().getUidlFallback().value()).isEqualTo("none");
            for (Pop3IngestEndpoint e : List.of(lan, office)) {
                assertThat(e.getConfiguration().getMaxMessagesPerPoll()).isEqualTo(9);
                assertThat(e.getConfiguration().getConnectTimeout()).isEqualTo(1111);
                assertThat(e.getConfiguration().getReadTimeout()).isEqualTo(2222);
                assertThat(e.getConfiguration().getMaxBackoff()).isEqualTo(3333);
                assertThat(e.getConfiguration().getAuthBackoff()).isEqualTo(4444);
            }
        }
    }

    @Test
    void theOAuth2KeysOfAMailboxListReachItsEndpoint() throws Exception {
        Path list = Files.write(work.resolve("mailboxes.properties"), List.of(
                "*.auth = xoauth2", "*.token-endpoint = https://login.example.com/tenant/token",
                "*.client-id = ingest-app", "*.client-secret = env:TENANT_SECRET",
                "*.scope = https://outlook.office365.com/.default", "*.microsoft365 = true",
                "invoices.host = outlook.office365.com", "invoices.username = invoices@example.com",
                "invoices.refresh-token = env:INVOICES_REFRESH"));
        Map<String, String> env = Map.of("TENANT_SECRET", "client-S3cret", "INVOICES_REFRESH", "refresh-R3fresh");
        try (MainRoutes job = new MainRoutes(work).set(IngestSetting.MAILBOXES_FILE, list.toString())
                .start(env::get, false)) {
            Pop3IngestEndpoint e = mailbox(job, "invoices");
            assertThat(e.getConfiguration().getAuthMechanism().value()).isEqualTo("xoauth2");
            assertThat(e.getConfiguration().getPassword()).isNull();
            assertThat(e.getConfiguration().getOauth2TokenEndpoint()).isEqualTo("https://login.example.com/tenant/token");
            assertThat(e.getConfiguration().getOauth2ClientId()).isEqualTo("ingest-app");
            assertThat(e.getConfiguration().getOauth2ClientSecret()).isEqualTo("client-S3cret");
            assertThat(e.getConfiguration().getOauth2RefreshToken()).isEqualTo("refresh-R3fresh");
            assertThat(e.getConfiguration().getOauth2Scope()).isEqualTo("https://outlook.office365.com/.default");
            assertThat(e.getConfiguration().isMicrosoft365()).isTrue();
        }
    }

    /** The endpoint of a listed mailbox's route, made from the intake route template. */
    private static Pop3IngestEndpoint mailbox(MainRoutes job, String name) {
        return (Pop3IngestEndpoint) job.context().getRoute(MailboxRoutes.ROUTE_PREFIX + name).getEndpoint();
    }

    private static Pop3IngestEndpoint endpoint(DefaultCamelContext context) {
        return context.getEndpoints().stream().filter(Pop3IngestEndpoint.class::isInstance)
                .map(Pop3IngestEndpoint.class::cast).findFirst().orElseThrow();
    }

    /** Checked settings of a mailbox pop.example.com, with {@code values} on top. */
    private IngestSettings settings(Map<IngestSetting, String> values) {
        Map<String, String> keys = new java.util.HashMap<>(Map.of(
                IngestSetting.POP3_HOST.key(), "pop.example.com",
                IngestSetting.POP3_USERNAME.key(), "u",
                IngestSetting.POP3_PASSWORD.key(), "p",
                IngestSetting.ARCHIVE_DIR.key(), work.resolve("archive").toString(),
                IngestSetting.STATE_DIR.key(), work.resolve("state").toString(),
                IngestSetting.QUARANTINE_DIR.key(), work.resolve("quarantine").toString()));
        values.forEach((setting, value) -> keys.put(setting.key(), value));
        IngestSettings settings = IngestSettings.resolve(key -> Optional.ofNullable(keys.get(key)));
        settings.validate();
        return settings;
    }
}
