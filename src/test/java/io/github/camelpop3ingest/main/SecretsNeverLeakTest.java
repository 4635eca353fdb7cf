package io.github.camelpop3ingest.main;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.camelpop3ingest.pop3.Pop3Connection;
import io.github.camelpop3ingest.pop3.Pop3PollListener;
import io.github.camelpop3ingest.sink.AuditLog;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import io.github.camelpop3ingest.testing.TestMessages;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole drain under the main job's logging configuration with everything else at DEBUG, our POP3 client's TRACE
 * protocol log included, a refused login and a refused sink, leaves the password (plain or base64, as AUTH PLAIN would send it)
 * and the HTTP authorization in no log line, exception, file or header.
 */
class SecretsNeverLeakTest {

    private static final String PASSWORD = "Zq7vX-Plover-41-Quokka";
    private static final String WRONG_PASSWORD = "Wr0ng-Heron-93-Axolotl";
    private static final String AUTHORIZATION = "Bearer Tk9-Marmot-57-Ibex";
    private static final List<String> DEBUG_LOGGERS = List.of("io.github.camelpop3ingest", "org.apache.camel",
            "jakarta.mail", "org.eclipse.angus");

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server(PASSWORD);

    @TempDir
    Path work;

    private final ListAppender<ILoggingEvent> logback = new ListAppender<>();
    private final List<String> julLines = new CopyOnWriteArrayList<>();
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            julLines.add(record.getLoggerName() + " " + record.getMessage() + " " + List.of(
                    record.getParameters() == null ? new Object[0] : record.getParameters()) + " " + record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    // Held here: java.util.logging forgets the level and handler of a logger nobody references.
    private final List<java.util.logging.Logger> julLoggers = List.of(java.util.logging.Logger.getLogger("jakarta.mail"),
            java.util.logging.Logger.getLogger("org.eclipse.angus"));
    private WireMockServer http;

    @BeforeEach
    void logEverything() throws Exception {
        // The main job's own logging configuration, whose guards are part of what is tested here.
        configureLogback(IngestMain.LOGBACK_CONFIGURATION);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logback.start();
        root.addAppender(logback);
        for (String name : DEBUG_LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.DEBUG);
        }
        ((Logger) LoggerFactory.getLogger(Pop3Connection.class)).setLevel(Level.TRACE);
        // Angus logs through java.util.logging; FINEST switches on its protocol trace, as mail.debug would.
        for (java.util.logging.Logger jul : julLoggers) {
            jul.setLevel(java.util.logging.Level.ALL);
            jul.addHandler(julHandler);
        }
        julHandler.setLevel(java.util.logging.Level.ALL);
        http = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        http.start();
        http.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201)));
        http.stubFor(post(anyUrl()).withRequestBody(containing("poison")).willReturn(aResponse().withStatus(422)));
    }

    @AfterEach
    void restoreLogging() throws Exception {
        configureLogback("logback-test.xml");
        for (java.util.logging.Logger jul : julLoggers) {
            jul.removeHandler(julHandler);
            jul.setLevel(null);
        }
        http.stop();
    }

    @Test
    void noSecretInLogsExceptionsFilesOrHeaders() throws Exception {
        server.deliverText(3);
        server.deliver(TestMessages.text("poison pill for the sink"));
        List<String> seen = new CopyOnWriteArrayList<>();

        try (MainRoutes job = job(WRONG_PASSWORD, seen).start()) {
            job.awaitPolls(1);
        }
        try (MainRoutes job = job(PASSWORD, seen).start()) {
            await().until(() -> job.outcomes().getDelivered() == 3 && job.outcomes().getQuarantined() == 1);
        }
        assertThat(seen).as("the wrong password's poll failed").anyMatch(s -> s.contains("Login to"));
        assertThat(logback.list).as("the POP3 protocol log was on")
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).endsWith(" C: RETR 1"))
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).endsWith(" C: PASS ***"));

        Set<String> haystacks = new LinkedHashSet<>(seen);
        haystacks.addAll(julLines);
        for (ILoggingEvent event : logback.list) {
            haystacks.add(event.getLoggerName() + " " + event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                haystacks.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.filter(f -> isText(f)).toList()) {
                haystacks.add(file + ": " + Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        assertThat(logback.list).as("DEBUG was on").anyMatch(e -> e.getLevel() == Level.DEBUG);
        assertThat(haystacks).as("envelopes, audit log and quarantine were read")
                .anyMatch(s -> s.contains("envelope.json"))
                .anyMatch(s -> s.contains(AuditLog.FILE_NAME))
                .anyMatch(s -> s.contains("error.json"));

        for (String secret : List.of(PASSWORD, WRONG_PASSWORD, AUTHORIZATION)) {
            for (String form : forms(secret)) {
                assertThat(haystacks).as("no trace of %s", form).noneMatch(s -> s.contains(form));
            }
        }
    }

    private MainRoutes job(String password, List<String> seen) {
        MainRoutes job = new MainRoutes(server, work)
                .set(IngestSetting.POP3_PASSWORD, password)
                .set(IngestSetting.SINKS, "http")
                .set(IngestSetting.HTTP_URL, http.baseUrl() + "/inbox")
                .set(IngestSetting.HTTP_AUTHORIZATION, AUTHORIZATION);
        job.context().getRegistry().bind("secretsWatcher", (Pop3PollListener) (account, result, failure) -> {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                seen.add(t.getClass().getName() + ": " + t.getMessage());
            }
        });
        job.context().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeEvent e) {
                    Exchange exchange = e.getExchange();
                    Map<String, Object> headers = new HashMap<>(exchange.getIn().getHeaders());
                    if (headers.containsKey(Exchange.HTTP_METHOD)) {
                        // The HTTP sink's own request exchange must carry the Authorization header to send it.
                        headers.remove("Authorization");
                    }
                    seen.add(headers.toString());
                    seen.add(exchange.getAllProperties().toString());
                    for (Throwable t = exchange.getException(); t != null; t = t.getCause()) {
                        seen.add(t.getClass().getName() + ": " + t.getMessage());
                    }
                    Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                    for (Throwable t = caught; t != null; t = t.getCause()) {
                        seen.add(t.getClass().getName() + ": " + t.getMessage());
                    }
                }
            }
        });
        return job;
    }

    private static void configureLogback(String resource) throws JoranException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(SecretsNeverLeakTest.class.getClassLoader().getResource(resource));
    }

    /** The secret itself and the parts of its base64 that survive any alignment inside a longer encoded text. */
    private static List<String> forms(String secret) {
        List<String> forms = new ArrayList<>(List.of(secret));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().encodeToString(shifted).replace("=", "");
            // Characters touching the unknown bytes before and after depend on them; the middle does not.
            int from = (offset == 0 ? 0 : 4 * ((offset + 2) / 3));
            int to = 4 * ((offset + bytes.length) / 3);
            forms.add(encoded.substring(from, to));
        }
        return forms;
    }

    private static boolean isText(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".txt"));
    }
}
