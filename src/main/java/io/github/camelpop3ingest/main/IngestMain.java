package io.github.camelpop3ingest.main;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.CamelContext;
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
        Main main = new Main();
        Setup setup = new Setup(main);
        main.addMainListener(setup);
        try {
            main.run(args);
        } catch (Exception e) {
            if (setup.configurationError == null) {
                LOG.error("The main job failed: {}", e.getMessage(), e);
                return 1;
            }
        } finally {
            if (setup.mailbox != null) {
                setup.mailbox.close();
            }
        }
        if (setup.configurationError != null) {
            System.err.println("Configuration error: " + setup.configurationError);
            return EXIT_CONFIGURATION;
        }
        if (setup.run == null) {
            return 1;
        }
        System.out.println(setup.run.summaryLine());
        return setup.run.exitCode();
    }

    /** Resolves and checks the settings before any route starts, and starts the embedded mailbox if needed. */
    private static final class Setup extends MainListenerSupport {
        private final Main main;
        private IngestRun run;
        private EmbeddedMailbox mailbox;
        private String configurationError;

        Setup(Main main) {
            this.main = main;
        }

        @Override
        public void beforeConfigure(BaseMainSupport support) {
            CamelContext context = support.getCamelContext();
            IngestSettings settings = IngestSettings.resolve(key -> context.getPropertiesComponent().resolveProperty(key));
            try {
                settings.validate();
            } catch (IllegalArgumentException e) {
                configurationError = e.getMessage();
                throw e;
            }
            Properties overrides = new Properties();
            if (settings.embedded()) {
                mailbox = EmbeddedMailbox.start(Path.of(settings.get(IngestSetting.STATE_DIR)));
                overrides.put(IngestSetting.POP3_HOST.key(), mailbox.host());
                overrides.put(IngestSetting.POP3_PORT.key(), String.valueOf(mailbox.port()));
                overrides.put(IngestSetting.POP3_USERNAME.key(), mailbox.username());
                overrides.put(IngestSetting.POP3_PASSWORD.key(), mailbox.password());
                overrides.put(IngestSetting.POP3_TRUSTSTORE.key(), mailbox.certificate().toString());
            }
            if (settings.once()) {
                // One poll, then the job ends; the scheduler must not start a second one meanwhile.
                overrides.put("ingest.poll.repeat-count", "1");
            }
            context.getPropertiesComponent().setOverrideProperties(overrides);
            run = new IngestRun(settings.once() ? main::completed : null);
            context.getRegistry().bind(IngestRun.BEAN_NAME, run);
        }
    }
}
