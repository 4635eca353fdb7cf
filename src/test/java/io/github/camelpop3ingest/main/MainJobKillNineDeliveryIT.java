package io.github.camelpop3ingest.main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.camelpop3ingest.sink.EmbeddedBroker;
import io.github.camelpop3ingest.testing.MainJob;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import io.github.camelpop3ingest.testing.TestMessages;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The main job with the archive, JMS (its embedded broker) and HTTP sinks on a 500-message mailbox, killed with
 * kill -9 at random points ten times and restarted: every message reaches every sink at least once, the archive
 * holds each exactly once, and the server never lost a message before all its sinks confirmed it.
 */
class MainJobKillNineDeliveryIT {

    private static final int MESSAGES = 500;
    private static final int KILLS = 10;

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @RegisterExtension
    final WireMockExtension http = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().dynamicPort()).build();

    @BeforeEach
    void stubHttp() {
        http.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void tenKillsThenCompletionDeliverEverythingExactlyOnceInTheArchive() throws Exception {
        for (int i = 0; i < MESSAGES; i++) {
            server.deliver(TestMessages.text("Message " + i));
        }
        Set<String> all = server.uidlsOnServer();
        MainJob job = MainJob.forServer(server, work)
                .env("INGEST_SINKS", "jms,http")
                .env("INGEST_HTTP_URL", http.baseUrl() + "/inbox")
                .env("INGEST_DELETE", "after-processing")
                .env("INGEST_QUARANTINE_DIR", work.resolve("quarantine").toString());
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path accountDir = work.resolve("archive").resolve(server.account().replace(":", "%3A"));
        for (int kill = 1; kill <= KILLS; kill++) {
            long before = archived(accountDir);
            Process p = job.start("run-" + kill);
            // Kill in the middle of the drain: once this run has archived something, after a random extra moment.
            await().atMost(Duration.ofSeconds(120)).until(() -> archived(accountDir) > before || !p.isAlive());
            Thread.sleep(random.nextInt(400));
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertNothingDeletedBeforeEverySinkConfirmed(all);
        }
        long archivedBeforeFinal = archived(accountDir);
        Process last = job.start("final");
        assertThat(last.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(job.stderr("final")).isZero();

        Set<String> httpKeys = httpKeys();
        Set<String> jmsKeys = jmsKeys();
        Set<String> expected = new HashSet<>();
        all.forEach(uidl -> expected.add(server.account() + "#" + uidl));
        assertThat(httpKeys).isEqualTo(expected);
        assertThat(jmsKeys).isEqualTo(expected);
        try (Stream<Path> folders = Files.list(accountDir)) {
            List<String> names = folders.map(f -> f.getFileName().toString()).sorted().toList();
            assertThat(names).doesNotHaveDuplicates().hasSize(MESSAGES).allMatch(n -> !n.startsWith("."));
        }
        assertThat(server.uidlsOnServer()).isEmpty();
        int requests = http.findAll(anyRequestedFor(anyUrl())).size();
        System.out.printf("kill-9 delivery report: seed=%d messages=%d kills=%d archived-before-final-run=%d "
                + "http-requests=%d http-redeliveries=%d%n", seed, MESSAGES, KILLS, archivedBeforeFinal, requests,
                requests - httpKeys.size());
        assertThat(archivedBeforeFinal).as("the kills fell in the middle of the drain").isBetween(1L, MESSAGES - 1L);
    }

    private static long archived(Path accountDir) throws Exception {
        if (!Files.isDirectory(accountDir)) {
            return 0;
        }
        try (Stream<Path> folders = Files.list(accountDir)) {
            return folders.filter(f -> Files.isRegularFile(f.resolve("envelope.json"))).count();
        }
    }

    /** Every message gone from the server has been confirmed by HTTP and is in the broker's journal. */
    private void assertNothingDeletedBeforeEverySinkConfirmed(Set<String> all) throws Exception {
        Set<String> deleted = new HashSet<>(all);
        deleted.removeAll(server.uidlsOnServer());
        if (deleted.isEmpty()) {
            return;
        }
        Set<String> httpKeys = httpKeys();
        Set<String> jmsKeys = jmsKeys();
        for (String uidl : deleted) {
            String key = server.account() + "#" + uidl;
            assertThat(httpKeys).as("HTTP confirmed %s before it was deleted", key).contains(key);
            assertThat(jmsKeys).as("the broker holds %s, deleted from the server", key).contains(key);
        }
    }

    private Set<String> httpKeys() {
        Set<String> keys = new HashSet<>();
        for (LoggedRequest r : http.findAll(anyRequestedFor(anyUrl()))) {
            keys.add(r.getHeader("Idempotency-Key"));
        }
        return keys;
    }

    /** Browses the queue in the job's broker journal, with the job stopped. */
    private Set<String> jmsKeys() throws Exception {
        Set<String> keys = new HashSet<>();
        Path dataDir = work.resolve("state").resolve("broker");
        if (!Files.isDirectory(dataDir)) {
            return keys;
        }
        EmbeddedBroker broker = new EmbeddedBroker(dataDir);
        broker.start();
        try (Connection c = broker.connectionFactory().createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue("ingest.messages"));
            var e = browser.getEnumeration();
            while (e.hasMoreElements()) {
                keys.add(((Message) e.nextElement()).getStringProperty("IngestIdempotencyKey"));
            }
        } finally {
            broker.shutdown();
        }
        return keys;
    }
}
