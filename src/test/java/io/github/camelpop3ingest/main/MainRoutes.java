package io.github.camelpop3ingest.main;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.pop3.Pop3PollListener;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.sink.DeliveryOutcomes;
import io.github.camelpop3ingest.sink.EmbeddedBroker;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import static org.awaitility.Awaitility.await;

/**
 * The main job's own YAML routes (routes/*.camel.yaml) and sink beans in an in-process CamelContext, with settings
 * given as properties, so that tests can watch the broker, the HTTP server and the mailbox while it runs.
 */
final class MainRoutes implements AutoCloseable, Pop3PollListener {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final DeliveryOutcomes outcomes = new DeliveryOutcomes();
    private final List<Pop3PollResult> polls = new CopyOnWriteArrayList<>();
    private final Map<String, String> settings = new HashMap<>();
    private EmbeddedBroker broker;

    MainRoutes(RecordingPop3Server server, Path work) {
        this(work);
        set(IngestSetting.POP3_HOST, "localhost");
        set(IngestSetting.POP3_PORT, String.valueOf(server.port()));
        set(IngestSetting.POP3_USERNAME, RecordingPop3Server.USER);
        set(IngestSetting.POP3_PASSWORD, RecordingPop3Server.PASSWORD);
        set(IngestSetting.POP3_TRUSTSTORE, RecordingPop3Server.certificate().toString());
    }

    /** No mailbox yet: set one, or a mailbox list, before {@link #start}. */
    MainRoutes(Path work) {
        for (IngestSetting s : IngestSetting.values()) {
            settings.put(s.key(), s.defaultValue());
        }
        set(IngestSetting.ARCHIVE_DIR, work.resolve("archive").toString());
        set(IngestSetting.STATE_DIR, work.resolve("state").toString());
        set(IngestSetting.QUARANTINE_DIR, work.resolve("quarantine").toString());
        set(IngestSetting.POLL_DELAY, "300");
        set(IngestSetting.RETRY_DELAY, "50");
        set(IngestSetting.RETRY_MAX_DELAY, "400");
    }

    MainRoutes set(IngestSetting setting, String value) {
        settings.put(setting.key(), value);
        return this;
    }

    /** The embedded broker, when the jms sink started one. */
    EmbeddedBroker broker() {
        return broker;
    }

    DefaultCamelContext context() {
        return context;
    }

    DeliveryOutcomes outcomes() {
        return outcomes;
    }

    MainRoutes start() throws Exception {
        return start(System::getenv, true);
    }

    /**
     * Starts the routes, with a mailbox list when {@link IngestSetting#MAILBOXES_FILE} is set (its secrets looked up
     * in {@code env}); without {@code poll} the routes and their endpoints are made but not started.
     */
    MainRoutes start(java.util.function.Function<String, String> env, boolean poll) throws Exception {
        IngestSettings resolved = IngestSettings.resolve(key -> java.util.Optional.ofNullable(settings.get(key)));
        resolved.validate();
        Sinks sinks = resolved.sinks();
        Properties props = new Properties();
        props.putAll(settings);
        props.putAll(SinkSetup.routeProperties(resolved, sinks));
        props.putAll(resolved.intakeProperties());
        context.getPropertiesComponent().setInitialProperties(props);
        context.getRegistry().bind("pollListener", this);
        SinkSetup.bind(context, resolved, sinks, outcomes, dir -> {
            broker = new EmbeddedBroker(dir);
            broker.start();
            return broker;
        });
        StateSetup.bindJournals(context, Path.of(settings.get(IngestSetting.STATE_DIR.key())));
        MailboxRoutes mailboxes = null;
        if (resolved.multiMailbox()) {
            props.put("ingest.intake.enabled", "false");
            mailboxes = new MailboxRoutes(resolved.mailboxes(env), Path.of(settings.get(IngestSetting.STATE_DIR.key())),
                    null);
            mailboxes.bindState(context);
        }
        context.setAutoStartup(poll);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("routes"), "*.camel.yaml")) {
            for (Path file : files) {
                PluginHelper.getRoutesLoader(context).loadRoutes(
                        ResourceHelper.fromString(file.getFileName().toString(), Files.readString(file)));
            }
        }
        if (mailboxes != null) {
            context.addRoutes(mailboxes);
            mailboxes.addTemplatedRoutesToCamelContext(context);
        }
        context.start();
        return this;
    }

    @Override
    public void pollFinished(Pop3Account account, Pop3PollResult result, Exception failure) {
        polls.add(result);
    }

    /** Waits for {@code n} polls in all, and returns the last. */
    Pop3PollResult awaitPolls(int n) {
        await().atMost(java.time.Duration.ofSeconds(60)).until(() -> polls.size() >= n);
        return polls.get(n - 1);
    }

    int polls() {
        return polls.size();
    }

    @Override
    public void close() {
        context.stop();
        if (broker != null) {
            broker.shutdown();
        }
    }
}
