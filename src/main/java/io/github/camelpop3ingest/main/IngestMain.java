package io.github.camelpop3ingest.main;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.pop3.Pop3IngestEndpoint;
import io.github.camelpop3ingest.sink.DeliveryOutcomes;
import io.github.camelpop3ingest.sink.EmbeddedBroker;
import io.github.camelpop3ingest.sink.QuarantineReplay;
import io.github.camelpop3ingest.sink.QuarantineWriter;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job: camel-main with the routes in {@code routes/*.camel.yaml}; with no mailbox configured it reads the
 * embedded demo mailbox. With {@code INGEST_ONCE=true} it drains once, prints the summary line last and exits 0 only
 * when every message was archived.
 */
public final class IngestMain {

    /** Exit code for configuration that is wrong before anything ran. */
    public static final int EXIT_CONFIGURATION = 2;
    /** The argument that replays the quarantine into the sinks instead of polling. */
    public static final String REPLAY_COMMAND = "replay";
    /** The main job's settings file inside the jar. */
    public static final String PROPERTIES = "camel-pop3-ingest.properties";
    /** The routes file of the single mailbox of the ingest.pop3.* settings. */
    /** The precondition of the single-mailbox route in routes/intake.camel.yaml. */
    private static final String SINGLE_MAILBOX_ROUTE_ENABLED = "ingest.intake.enabled";
    /** What the single-mailbox route's URI starts with: empty, or in cluster mode {@code master:<namespace>:}. */
    private static final String CLUSTER_PREFIX = "ingest.intake.cluster-prefix";
    /** The main job's logging configuration; a library jar must not ship a plain logback.xml. */
    public static final String LOGBACK_CONFIGURATION = "camel-pop3-ingest-logback.xml";

    static {
        // Before the first logger is created, so that logback picks the job's configuration.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIGURATION);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

    private IngestMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the job to its end and returns its exit code. */
    public static int run(String[] args) {
        boolean replay = args.length > 0 && REPLAY_COMMAND.equals(args[0]);
        Main main = new Main();
        // Not application.properties: an application that adds the library jar must not pick up the job's settings.
        main.setDefaultPropertyPlaceholderLocation("classpath:" + PROPERTIES);
        Setup setup = new Setup(main, replay);
        main.addMainListener(setup);
        try {
            main.run(replay ? new String[0] : args);
        } catch (Exception e) {
            if (setup.configurationError == null) {
                LOG.error("The main job failed: {}", e.getMessage(), e);
                return 1;
            }
        } finally {
            setup.close();
        }
        if (setup.configurationError != null) {
            System.err.println("Configuration error: " + setup.configurationError);
            return EXIT_CONFIGURATION;
        }
        if (replay) {
            if (setup.replayResult == null) {
                return 1;
            }
            System.out.println(setup.replayResult.summaryLine());
            return setup.replayResult.failed() == 0 ? 0 : 1;
        }
        if (setup.run == null) {
            return 1;
        }
        System.out.println(setup.run.summaryLine());
        return setup.run.exitCode();
    }

    /**
     * Resolves and checks the settings before any route starts, starts the embedded mailbox and broker when needed,
     * and binds the beans the routes refer to by name.
     */
    private static final class Setup extends MainListenerSupport {
        private final Main main;
        private final boolean replay;
        private final DeliveryOutcomes outcomes = new DeliveryOutcomes();
        private IngestRun run;
        private IngestMonitor monitor;
        private List<String> sinkNames = List.of();
        private DemoMailbox mailbox;
        private EmbeddedBroker broker;
        private String configurationError;
        private ClusterSetup clusterSetup;
        private boolean once;
        /** The mailboxes this instance may read, for once mode in a cluster. */
        private final List<Pop3Account> accounts = new ArrayList<>();
        private QuarantineReplay.Result replayResult;

        Setup(Main main, boolean replay) {
            this.main = main;
            this.replay = replay;
        }

        @Override
        public void beforeConfigure(BaseMainSupport support) {
            CamelContext context = support.getCamelContext();
            IngestSettings settings = IngestSettings.resolve(key -> context.getPropertiesComponent().resolveProperty(key));
            Properties overrides = new Properties();
            ClusterSetup cluster;
            try {
                settings.validate();
                Sinks sinks = settings.sinks();
                SinkSetup.bind(context, settings, sinks, outcomes, this::startBroker);
                // The state beans: journals in the state directory, or in cluster mode the shared database.
                cluster = ClusterSetup.of(settings);
                if (cluster == null) {
                    StateSetup.bindJournals(context, Path.of(settings.get(IngestSetting.STATE_DIR)));
                } else {
                    cluster.bind(context);
                }
                overrides.putAll(SinkSetup.routeProperties(settings, sinks));
            } catch (IllegalArgumentException e) {
                configurationError = e.getMessage();
                throw e;
            }
            int mailboxCount = 1;
            if (replay) {
                // A replay touches no mailbox: it only sends the quarantine into the sinks.
                overrides.put(SINGLE_MAILBOX_ROUTE_ENABLED, "false");
            } else if (settings.multiMailbox()) {
                List<MailboxList.Mailbox> mailboxes;
                try {
                    mailboxes = settings.mailboxes(System::getenv);
                } catch (IllegalArgumentException e) {
                    configurationError = e.getMessage();
                    throw e;
                }
                mailboxCount = mailboxes.size();
                for (MailboxList.Mailbox m : mailboxes) {
                    accounts.add(MailboxRoutes.account(m));
                }
                // The single mailbox's templated route is not created (its precondition); each listed mailbox gets
                // one of its own from the same template.
                overrides.put(SINGLE_MAILBOX_ROUTE_ENABLED, "false");
                MailboxRoutes routes = new MailboxRoutes(mailboxes, Path.of(settings.get(IngestSetting.STATE_DIR)),
                        cluster);
                routes.bindState(context);
                main.configure().addRoutesBuilder(routes);
                LOG.info("Reading {} mailboxes from {}", mailboxCount, settings.get(IngestSetting.MAILBOXES_FILE));
            } else if (settings.embedded()) {
                try {
                    mailbox = DemoMailbox.start(Path.of(settings.get(IngestSetting.STATE_DIR)));
                } catch (IllegalArgumentException e) {
                    configurationError = e.getMessage();
                    throw e;
                }
                overrides.put(IngestSetting.POP3_HOST.key(), mailbox.host());
                overrides.put(IngestSetting.POP3_PORT.key(), String.valueOf(mailbox.port()));
                overrides.put(IngestSetting.POP3_USERNAME.key(), mailbox.username());
                overrides.put(IngestSetting.POP3_PASSWORD.key(), mailbox.password());
                overrides.put(IngestSetting.POP3_TRUSTSTORE.key(), mailbox.certificate().toString());
            } else {
                overrides.putAll(settings.intakeProperties());
                if (cluster != null) {
                    overrides.put(CLUSTER_PREFIX, cluster.consumerPrefix(settings.account()));
                    accounts.add(settings.account());
                }
            }
            clusterSetup = cluster;
            once = settings.once();
            if (settings.once()) {
                // One poll, then the job ends; the scheduler must not start a second one meanwhile.
                overrides.put("ingest.poll.repeat-count", "1");
            }
            String managementPort = settings.get(IngestSetting.MANAGEMENT_PORT);
            if (!managementPort.isEmpty()) {
                // Camel's management server (camel-platform-http-main): /observe/health and /observe/metrics.
                overrides.put("camel.management.enabled", "true");
                overrides.put("camel.management.port", managementPort);
                overrides.put("camel.management.healthCheckEnabled", "true");
                // Every check with its details, not only the overall status.
                overrides.put("camel.health.exposureLevel", "full");
                overrides.put("camel.management.metricsEnabled", "true");
                overrides.put("camel.metrics.enabled", "true");
            }
            context.getPropertiesComponent().setOverrideProperties(overrides);
            run = new IngestRun(settings.once() ? main::completed : null, mailboxCount, outcomes);
            context.getRegistry().bind(IngestRun.BEAN_NAME, run);
            monitor = new IngestMonitor(context, Clock.systemUTC());
            outcomes.addListener(monitor);
            context.getRegistry().bind(IngestMonitor.BEAN_NAME, monitor);
            sinkNames = List.copyOf(settings.sinks().names());
        }

        /** One health check per mailbox and per sink, when Camel's health checks are on. */
        private void registerHealthChecks(CamelContext context) {
            HealthCheckRegistry checks = HealthCheckRegistry.get(context);
            if (checks == null) {
                return;
            }
            // By endpoint, not by consumer: in cluster mode the route's consumer is camel-master's, and a standby
            // instance has no POP3 consumer at all.
            for (Endpoint endpoint : context.getEndpoints()) {
                if (endpoint instanceof Pop3IngestEndpoint pop3 && pop3.getAccount() != null) {
                    Pop3Account account = pop3.getAccount();
                    ClusterSetup cluster = clusterSetup;
                    register(checks, context, new MailboxHealthCheck(account.toString(), pop3.getDelay(), monitor,
                            cluster == null ? () -> false : () -> !cluster.leads(account)));
                }
            }
            for (String sink : sinkNames) {
                register(checks, context, new SinkHealthCheck(sink, outcomes));
            }
        }

        private static void register(HealthCheckRegistry checks, CamelContext context, AbstractHealthCheck check) {
            check.setCamelContext(context);
            checks.register(check);
        }

        private EmbeddedBroker startBroker(Path dataDir) {
            broker = new EmbeddedBroker(dataDir);
            broker.start();
            return broker;
        }

        @Override
        public void afterStart(BaseMainSupport support) {
            CamelContext context = support.getCamelContext();
            if (!replay) {
                registerHealthChecks(context);
                if (once && clusterSetup != null) {
                    finishStandbyMailboxes();
                }
                return;
            }
            QuarantineWriter quarantine = context.getRegistry().lookupByNameAndType(QuarantineWriter.BEAN_NAME,
                    QuarantineWriter.class);
            try {
                replayResult = new QuarantineReplay(context, quarantine).replayAll();
            } catch (IOException e) {
                LOG.error("Replay of the quarantine failed: {}", e.getMessage(), e);
            } finally {
                main.completed();
            }
        }

        /**
         * Once mode in a cluster: when the election has settled, the mailboxes another instance leads count as done,
         * so that an instance that leads none (or only some) ends instead of waiting for polls it will never make.
         */
        private void finishStandbyMailboxes() {
            ClusterSetup cluster = clusterSetup;
            IngestRun current = run;
            Thread watcher = new Thread(() -> {
                try {
                    Thread.sleep(cluster.settleTime().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (Pop3Account account : List.copyOf(accounts)) {
                    if (!cluster.leads(account)) {
                        LOG.info("Another instance reads {}; in once mode this instance does not wait for it", account);
                        current.standby(account);
                    }
                }
            }, "ingest-cluster-once");
            watcher.setDaemon(true);
            watcher.start();
        }

        void close() {
            if (mailbox != null) {
                mailbox.close();
            }
            if (broker != null) {
                broker.shutdown();
            }
        }
    }
}
