package io.github.camelpop3ingest.main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.github.camelpop3ingest.testing.MainJob;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad configuration stops the job before it connects, naming the setting; a wrong password ends in one clear line.
 */
class MainJobBadInputIT {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    private int run(MainJob job, String name) throws Exception {
        Process p = job.start(name);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void unreadableTruststoreIsNamed() throws Exception {
        MainJob job = MainJob.forServer(server, work).env("INGEST_POP3_TRUSTSTORE", "/nonexistent/ca.pem");
        assertThat(run(job, "truststore")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("truststore")).contains("Configuration error: Truststore /nonexistent/ca.pem "
                + "(ingest.pop3.truststore (INGEST_POP3_TRUSTSTORE)) is not a readable file");
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void unwritableArchiveDirectoryIsNamed() throws Exception {
        Path file = Files.writeString(work.resolve("a-file"), "not a directory");
        MainJob job = MainJob.forServer(server, work).env("INGEST_ARCHIVE_DIR", file.resolve("archive").toString());
        assertThat(run(job, "archive")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("archive")).contains("Configuration error: ingest.archive.dir (INGEST_ARCHIVE_DIR) "
                + file.resolve("archive") + " cannot be created");
    }

    @Test
    void unwritableStateDirectoryIsNamed() throws Exception {
        Path file = Files.writeString(work.resolve("a-file"), "not a directory");
        MainJob job = MainJob.forServer(server, work).env("INGEST_STATE_DIR", file.toString());
        assertThat(run(job, "state")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("state")).contains("Configuration error: ingest.state.dir (INGEST_STATE_DIR) " + file);
    }

    @Test
    void missingUserIsNamed() throws Exception {
        MainJob job = MainJob.forServer(server, work).env("INGEST_POP3_USERNAME", "");
        assertThat(run(job, "user")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("user")).contains("Configuration error: ingest.pop3.username (INGEST_POP3_USERNAME) is required");
    }

    @Test
    void plainPop3WithoutAllowPlaintextNamesBothSettings() throws Exception {
        MainJob job = MainJob.forServer(server, work).env("INGEST_POP3_SECURITY", "plain");
        assertThat(run(job, "plain")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("plain")).contains("Configuration error: ingest.pop3.security (INGEST_POP3_SECURITY) is "
                + "plain", "ingest.pop3.allow-plaintext (INGEST_POP3_ALLOW_PLAINTEXT) is not true");
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void mailboxListEntryWithAnUnknownAuthIsNamed() throws Exception {
        MainJob job = mailboxList("invoices.auth = kerberos");
        assertThat(run(job, "list-auth")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("list-auth")).contains("Configuration error: ingest.mailboxes.file (INGEST_MAILBOXES_FILE) ",
                ": mailbox invoices auth 'kerberos' is not one of user, plain, xoauth2, oauthbearer");
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void mailboxListEntryWithAnUnreadableClientSecretIsNamed() throws Exception {
        Path missing = work.resolve("no-such-secret");
        MainJob job = mailboxList("invoices.auth = xoauth2", "invoices.token-endpoint = https://login.example.com/token",
                "invoices.client-id = ingest", "invoices.client-secret = file:" + missing);
        assertThat(run(job, "list-secret")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("list-secret")).contains(": mailbox invoices client-secret file:" + missing
                + " cannot be read");
        assertThat(server.commands()).isEmpty();
    }

    /** The job with a mailbox list of one mailbox {@code invoices} of the server, plus {@code lines}. */
    private MainJob mailboxList(String... lines) throws Exception {
        java.util.List<String> list = new java.util.ArrayList<>(java.util.List.of("invoices.host = localhost",
                "invoices.port = " + server.port(), "invoices.username = " + RecordingPop3Server.USER));
        list.addAll(java.util.List.of(lines));
        Path file = Files.write(work.resolve("mailboxes.properties"), list);
        return MainJob.forServer(server, work).env("INGEST_POP3_HOST", "").env("INGEST_POP3_USERNAME", "")
                .env("INGEST_POP3_PASSWORD", "").env("INGEST_MAILBOXES_FILE", file.toString());
    }

    @Test
    void unknownDeletePolicyIsNamed() throws Exception {
        MainJob job = MainJob.forServer(server, work).env("INGEST_DELETE", "sometimes");
        assertThat(run(job, "delete")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("delete")).contains("Invalid ingest.delete (INGEST_DELETE) 'sometimes'");
    }

    @Test
    void unknownSinkIsNamed() throws Exception {
        MainJob job = MainJob.forServer(server, work).env("INGEST_SINKS", "jms,smtp");
        assertThat(run(job, "sinks")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("sinks")).contains("Configuration error: ingest.sinks (INGEST_SINKS) names an unknown sink 'smtp'");
    }

    @Test
    void httpSinkWithoutUrlIsNamed() throws Exception {
        MainJob job = MainJob.forServer(server, work).env("INGEST_SINKS", "http");
        assertThat(run(job, "http-url")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("http-url")).contains("ingest.http.url (INGEST_HTTP_URL) is empty");
    }

    @Test
    void unknownHttpHostIsNamed() throws Exception {
        MainJob job = MainJob.forServer(server, work).env("INGEST_SINKS", "http")
                .env("INGEST_HTTP_URL", "https://erp.invalid/inbound");
        assertThat(run(job, "http-host")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("http-host")).contains("Configuration error: ingest.http.url (INGEST_HTTP_URL): the host "
                + "erp.invalid is unknown");
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void unreachableBrokerIsNamed() throws Exception {
        MainJob job = MainJob.forServer(server, work).env("INGEST_SINKS", "jms")
                .env("INGEST_JMS_URL", "tcp://127.0.0.1:1");
        assertThat(run(job, "broker")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("broker")).contains("Configuration error: ingest.jms.url (INGEST_JMS_URL): the broker at "
                + "tcp://127.0.0.1:1 cannot be reached");
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void oauth2WithoutTokenEndpointIsNamed() throws Exception {
        MainJob job = MainJob.forServer(server, work).env("INGEST_POP3_AUTH", "xoauth2").env("INGEST_POP3_PASSWORD", "");
        assertThat(run(job, "oauth2")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("oauth2")).contains("Configuration error: ingest.oauth2.token-endpoint "
                + "(INGEST_OAUTH2_TOKEN_ENDPOINT) is required");
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void wrongPasswordEndsInOneClearLineWithoutTheSecretOrAStackTrace() throws Exception {
        server.deliverText(1);
        String wrong = "Wr0ng-Secret-Value";
        MainJob job = MainJob.forServer(server, work).env("INGEST_POP3_PASSWORD", wrong);
        assertThat(run(job, "password")).isEqualTo(1);
        String err = job.stderr("password");
        assertThat(err).contains("Login to " + server.account() + " failed");
        assertThat(err + job.stdout("password")).doesNotContain(wrong).doesNotContain("\tat ");
        assertThat(job.lastLine("password")).matches("fetched=0 skipped=0 archived=0 failed=0 bytes=0 delivered=0 quarantined=0 retried=0 elapsed=\\d+\\.\\d{3}");
    }
}
