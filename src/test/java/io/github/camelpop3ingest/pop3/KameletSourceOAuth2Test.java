package io.github.camelpop3ingest.pop3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.OAuth2TestServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mail-pop3s-source Kamelet logs in with OAuth 2.0 access tokens when given only the oauth2 properties (the
 * password left at its empty default, which the endpoint takes as none): XOAUTH2 with the client_credentials grant
 * and OAUTHBEARER with the refresh_token grant, against Dovecot's oauth2 passdb. With the secrets given as property
 * placeholders, as a route should, Camel and the Kamelet at DEBUG log neither the client secret nor the refresh token,
 * once the two Camel loggers that print resolved placeholders stay at INFO, as the main job's logback file keeps them.
 */
class KameletSourceOAuth2Test {

    private static final String CLIENT_SECRET = "Kq4-Walrus+Secret&17";
    private static final String REFRESH_TOKEN = "Rf8-Puffin/Refresh=33";
    private static final String SCOPE = "https://outlook.office365.com/.default offline_access";

    // Started before Dovecot's beforeEach, which writes the introspection URL into its configuration.
    private final OAuth2TestServer oauth = new OAuth2TestServer();

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer().withOAuth2Introspection(oauth.introspectionEndpoint());

    @TempDir
    Path tmp;

    private final List<Pop3PollResult> polls = new CopyOnWriteArrayList<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger camelLogger = (Logger) LoggerFactory.getLogger("org.apache.camel");
    private final Logger ingestLogger = (Logger) LoggerFactory.getLogger("io.github.camelpop3ingest");
    private final List<Logger> placeholderLoggers = List.of(
            (Logger) LoggerFactory.getLogger("org.apache.camel.component.properties.DefaultPropertiesParser"),
            (Logger) LoggerFactory.getLogger("org.apache.camel.impl.engine.DefaultCamelContextExtension"));
    private Level camelLevel;
    private Level ingestLevel;

    @BeforeEach
    void captureDebugLog() {
        camelLevel = camelLogger.getLevel();
        ingestLevel = ingestLogger.getLevel();
        camelLogger.setLevel(Level.DEBUG);
        ingestLogger.setLevel(Level.DEBUG);
        placeholderLoggers.forEach(l -> l.setLevel(Level.INFO));
        log.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void restore() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        camelLogger.setLevel(camelLevel);
        ingestLogger.setLevel(ingestLevel);
        placeholderLoggers.forEach(l -> l.setLevel(null));
        oauth.close();
    }

    @Test
    void xoauth2WithClientCredentialsDrainsTheMailbox() throws Exception {
        dovecot.deliverText(3);

        runOnePoll("xoauth2", """
                        oauth2ClientSecret: "RAW({{mail.oauth2.secret}})"
                        oauth2Scope: "%s"
                """.formatted(SCOPE));

        assertThat(failures).isEmpty();
        assertThat(polls.get(0).processed()).isEqualTo(3);
        assertThat(oauth.tokenRequests()).singleElement().satisfies(r -> assertThat(r.form())
                .containsEntry("grant_type", "client_credentials").containsEntry("client_id", "ingest")
                .containsEntry("client_secret", CLIENT_SECRET).containsEntry("scope", SCOPE));
        assertThat(Files.readString(dovecot.log())).contains("Login: user=<alice>, method=XOAUTH2");
        assertNoSecretLogged();
    }

    @Test
    void oauthbearerWithARefreshTokenAndNoSecretDrainsTheMailbox() throws Exception {
        dovecot.deliverText(2);

        runOnePoll("oauthbearer", """
                        oauth2RefreshToken: "RAW({{mail.oauth2.refresh}})"
                """);

        assertThat(failures).isEmpty();
        assertThat(polls.get(0).processed()).isEqualTo(2);
        assertThat(oauth.tokenRequests()).singleElement().satisfies(r -> assertThat(r.form())
                .containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", REFRESH_TOKEN)
                .doesNotContainKey("client_secret"));
        assertThat(Files.readString(dovecot.log())).contains("Login: user=<alice>, method=OAUTHBEARER");
        assertNoSecretLogged();
    }

    private void runOnePoll(String mechanism, String oauth2Properties) throws Exception {
        Path archive = tmp.resolve("received");
        String yaml = """
                - route:
                    id: user-route
                    from:
                      uri: kamelet:mail-pop3s-source
                      parameters:
                        connectionHost: localhost
                        connectionPort: %d
                        username: %s
                        authMechanism: %s
                        oauth2TokenEndpoint: "%s"
                        oauth2ClientId: ingest
                %s
                        truststore: "%s"
                        stateDir: "%s"
                      steps:
                        - to: file:%s
                """.formatted(dovecot.port(), DovecotServer.USER, mechanism, oauth.tokenEndpoint(),
                oauth2Properties.stripTrailing(), dovecot.certificate(), tmp.resolve("state"), archive);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("mail.oauth2.secret", CLIENT_SECRET);
            context.getPropertiesComponent().addInitialProperty("mail.oauth2.refresh", REFRESH_TOKEN);
            context.getRegistry().bind("pollListener", (Pop3PollListener) (account, result, failure) -> {
                polls.add(result);
                if (failure != null) {
                    failures.add(failure);
                }
            });
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("user.camel.yaml", yaml));
            context.start();
            Pop3IngestEndpoint endpoint = context.getEndpoints().stream().filter(Pop3IngestEndpoint.class::isInstance)
                    .map(Pop3IngestEndpoint.class::cast).findFirst().orElseThrow();
            assertThat(endpoint.getConfiguration().getPassword()).as("the password's empty default").isNullOrEmpty();
            assertThat(endpoint.getConfiguration().getAuthMechanism().value()).isEqualTo(mechanism);
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !polls.isEmpty());
        }
        try (Stream<Path> files = Files.list(archive)) {
            assertThat(files.count()).isEqualTo(polls.get(0).processed());
        }
    }

    private void assertNoSecretLogged() {
        assertThat(log.list).as("Camel's DEBUG was on")
                .anyMatch(e -> e.getLevel() == Level.DEBUG && e.getLoggerName().startsWith("org.apache.camel"));
        for (ILoggingEvent event : log.list) {
            String line = event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(CLIENT_SECRET, REFRESH_TOKEN, "Kq4-Walrus", "Rf8-Puffin");
        }
    }
}
