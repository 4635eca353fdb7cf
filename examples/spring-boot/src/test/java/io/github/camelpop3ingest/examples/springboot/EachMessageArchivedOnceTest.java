package io.github.camelpop3ingest.examples.springboot;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.pop3.Pop3PollListener;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.archive.ArchiveWriter;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Spring Boot application, started as a whole against a real POP3S server, archives each of three messages
 * exactly once (message.eml byte for byte, envelope.json beside it), logs each envelope as JSON, and its next poll
 * fetches nothing.
 */
@CamelSpringBootTest
// The test's own thread keeps the JVM alive; no need for the application's main-run controller.
@SpringBootTest(classes = IngestExampleApplication.class, properties = "camel.main.main-run-controller=false")
@Import(EachMessageArchivedOnceTest.Polls.class)
@ExtendWith(OutputCaptureExtension.class)
class EachMessageArchivedOnceTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "Spring-Boot-Example-s3cret";
    /** The demo jar's certificate (classifier demo) names localhost and 127.0.0.1; host names stay checked. */
    private static final Path TLS_DIR = certificateFromDemo();

    @RegisterExtension
    static final GreenMailExtension SERVER = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3S)).withPerMethodLifecycle(false);

    @TempDir
    static Path work;

    private static final List<byte[]> SENT = List.of(message(1), message(2), message(3));

    @Autowired
    private CamelContext camelContext;
    @Autowired
    private PollRecorder polls;

    private static Path certificateFromDemo() {
        try {
            Path dir = Files.createTempDirectory("example-tls");
            for (String name : List.of("localhost.p12", "localhost.pem")) {
                try (InputStream in = ArchiveWriter.class.getClassLoader()
                        .getResourceAsStream("embedded-mailbox/" + name)) {
                    assertThat(in).as("embedded-mailbox/" + name + " in the demo jar (camel-pop3-ingest, classifier demo)").isNotNull();
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // Read by GreenMail when it starts its POP3S server, which happens after this class is initialized.
            System.setProperty("greenmail.tls.keystore.file", dir.resolve("localhost.p12").toString());
            System.setProperty("greenmail.tls.keystore.password", "changeit");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] message(int n) {
        return ("From: Supplier <billing@supplier.example>\r\n"
                + "To: alice@localhost\r\n"
                + "Subject: Invoice " + n + "\r\n"
                + "Date: Fri, 27 Nov 2026 09:1" + n + ":00 +0100\r\n"
                + "Message-ID: <invoice-" + n + "@supplier.example>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "\r\n"
                + "Invoice " + n + " is attached in spirit.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @DynamicPropertySource
    static void mailbox(DynamicPropertyRegistry registry) {
        registry.add("ingest.pop3.host", () -> "localhost");
        registry.add("ingest.pop3.port", () -> SERVER.getPop3s().getPort());
        registry.add("ingest.pop3.username", () -> USER);
        registry.add("ingest.pop3.password", () -> PASSWORD);
        registry.add("ingest.pop3.truststore", () -> TLS_DIR.resolve("localhost.pem").toString());
        registry.add("ingest.archive.dir", () -> work.resolve("archive").toString());
        registry.add("ingest.state.dir", () -> work.resolve("state").toString());
        registry.add("ingest.poll.delay", () -> "200");
    }

    /** Seed first: the messages are in the maildrop before the application, and so the route, starts. */
    @BeforeAll
    static void deliver() throws Exception {
        GreenMailUser user = SERVER.setUser(USER + "@localhost", USER, PASSWORD);
        Session session = Session.getInstance(new Properties());
        for (byte[] raw : SENT) {
            user.deliver(new MimeMessage(session, new ByteArrayInputStream(raw)));
        }
    }

    /** The server stops after the class; a poll after that would fail against a closed port and log an error. */
    @AfterEach
    void stopPolling() throws Exception {
        camelContext.getRouteController().stopRoute("pop3-archive");
    }

    @Test
    void eachMessageIsArchivedOnceAndTheNextPollFetchesNothing(CapturedOutput output) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> polls.results().stream()
                .anyMatch(r -> r.skipped() == SENT.size() && r.fetched() == 0));

        List<Pop3PollResult> results = polls.results();
        assertThat(polls.failures()).isEmpty();
        assertThat(results.get(0).fetched()).as("the first poll").isEqualTo(SENT.size());
        assertThat(results.subList(1, results.size())).as("every later poll").allSatisfy(r -> {
            assertThat(r.fetched()).isZero();
            assertThat(r.skipped()).isEqualTo(SENT.size());
        });
        assertThat(results).extracting(Pop3PollResult::failed).containsOnly(0);

        Path archive = work.resolve("archive");
        List<Path> accounts = list(archive);
        assertThat(accounts).hasSize(1);
        List<Path> folders = list(accounts.get(0));
        assertThat(folders).hasSize(SENT.size());
        List<String> archived = folders.stream().map(f -> {
            assertThat(f.resolve("envelope.json")).isRegularFile();
            return read(f.resolve(ArchiveWriter.MESSAGE_FILE));
        }).toList();
        assertThat(archived).containsExactlyInAnyOrderElementsOf(
                SENT.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList());
        ArchiveWriter writer = camelContext.getRegistry().lookupByNameAndType("archiveWriter", ArchiveWriter.class);
        assertThat(writer.getArchivedCount()).isEqualTo(SENT.size());

        assertThat(output.getAll().split("Envelope: \\{\"schemaVersion\":1,", -1)).hasSize(SENT.size() + 1);
        assertThat(output.getAll()).doesNotContain(PASSWORD);
        // Only the example's route: the main job's routes/ inside the library jar are not picked up.
        assertThat(camelContext.getRoutes()).extracting(Route::getRouteId).containsExactly("pop3-archive");
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static String read(Path file) {
        try {
            // One char per byte: equal strings are equal bytes.
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Told by the pop3-ingest consumer about every poll: Camel finds Spring beans of this type by itself. */
    static final class PollRecorder implements Pop3PollListener {
        private final List<Pop3PollResult> results = new CopyOnWriteArrayList<>();
        private final List<Exception> failures = new CopyOnWriteArrayList<>();

        @Override
        public void pollFinished(Pop3Account account, Pop3PollResult result, Exception failure) {
            results.add(result);
            if (failure != null) {
                failures.add(failure);
            }
        }

        List<Pop3PollResult> results() {
            return List.copyOf(results);
        }

        List<Exception> failures() {
            return List.copyOf(failures);
        }
    }

    @TestConfiguration
    static class Polls {
        @Bean
        PollRecorder pollRecorder() {
            return new PollRecorder();
        }
    }
}
