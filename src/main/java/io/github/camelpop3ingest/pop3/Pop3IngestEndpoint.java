package io.github.camelpop3ingest.pop3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.repository.JournalIdempotentRepository;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consume a POP3 maildrop (POP3S or STLS), keyed on UIDL, skipping messages already processed before any TOP or RETR.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = Pop3IngestComponent.SCHEME, title = "POP3 Ingest",
             syntax = "pop3-ingest:host", consumerOnly = true, category = { Category.MAIL },
             headersClass = IngestExchange.class)
public class Pop3IngestEndpoint extends ScheduledPollEndpoint {

    /** POP3 has no push; poll once a minute unless told otherwise, like camel-mail. */
    public static final long DEFAULT_DELAY_MILLIS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestEndpoint.class);

    @UriParam
    private Pop3IngestConfiguration configuration;
    // ScheduledPollEndpoint holds the value; declared here so that the generated metadata shows this default, not 500.
    @UriParam(label = "consumer,scheduler", defaultValue = "" + DEFAULT_DELAY_MILLIS,
              description = "Milliseconds before the next poll.")
    private long delay = DEFAULT_DELAY_MILLIS;

    // Not options: replays and tests set their own through the component or this endpoint, never through a URI.
    private Clock clock = Clock.systemUTC();
    private Clock backoffClock = Clock.systemUTC();

    private volatile ResolvedPop3Settings settings;
    private IdempotentRepository repository;
    private boolean ownsRepository;
    private Pop3SessionOpener sessions;

    public Pop3IngestEndpoint(String uri, Pop3IngestComponent component) {
        super(uri, component);
        this.configuration = new Pop3IngestConfiguration();
        setDelay(DEFAULT_DELAY_MILLIS);
    }

    @Override
    public long getDefaultDelay() {
        return DEFAULT_DELAY_MILLIS;
    }

    @Override
    public void setDelay(long delay) {
        super.setDelay(delay);
        this.delay = delay;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(
                "pop3-ingest only consumes; send mail with the smtp or smtps component");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        settings();
        Pop3IngestConsumer consumer = new Pop3IngestConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        settings = ResolvedPop3Settings.of(configuration);
    }

    /**
     * The options checked together, resolved once when the endpoint initializes (again when it starts after a stop);
     * creating the consumer may come first, and initializes it then.
     */
    public ResolvedPop3Settings settings() {
        ResolvedPop3Settings resolved = settings;
        if (resolved == null) {
            // Only before the first init: init() on a stopped endpoint would change its state.
            init();
            resolved = settings;
        }
        return resolved;
    }

    @Override
    protected void doStart() throws Exception {
        ResolvedPop3Settings resolved = settings();
        repository = configuration.getIdempotentRepository();
        ownsRepository = repository == null;
        if (ownsRepository) {
            repository = new JournalIdempotentRepository(Path.of(configuration.getStateDir()));
        }
        ServiceHelper.startService(repository, configuration.getHoldRepository());
        Path spool = resolved.spool();
        Files.createDirectories(spool);
        if (!Files.isWritable(spool)) {
            throw new IllegalArgumentException("Spool directory " + spool + " of pop3-ingest:" + configuration.getHost()
                    + " is not writable");
        }
        if (resolved.oauth2Client() != null) {
            ServiceHelper.startService(configuration.getRefreshTokenStore());
        }
        sessions = new Pop3SessionOpener(resolved, configuration, configuration.getRefreshTokenStore());
        LOG.info("POP3 ingest of {} ({}, auth {}{}), delete={}, repository={}", resolved.account(),
                configuration.getSecurity().name().toLowerCase(Locale.ROOT), resolved.mechanism().value(),
                resolved.oauth2Client() == null ? "" : " with tokens from " + resolved.oauth2Client(),
                resolved.deletePolicy(), repository.getClass().getSimpleName());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (ownsRepository) {
            ServiceHelper.stopService(repository);
        }
        ServiceHelper.stopService(configuration.getRefreshTokenStore());
    }

    /** Opens logged-in sessions of this maildrop; set when the endpoint starts. */
    Pop3SessionOpener sessions() {
        return sessions;
    }

    /** The account; also before the endpoint starts (a standby instance in cluster mode never starts it). */
    public Pop3Account getAccount() {
        if (settings != null) {
            return settings.account();
        }
        String host = configuration.getHost();
        String username = configuration.getUsername();
        if (host == null || host.isBlank() || username == null || username.isBlank()) {
            return null;
        }
        return new Pop3Account(host, ResolvedPop3Settings.effectivePort(configuration), username);
    }

    /** The repository of processed keys: the configured one, or the journal in stateDir once started. */
    public IdempotentRepository getIdempotentRepository() {
        return repository;
    }

    public Pop3IngestConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(Pop3IngestConfiguration configuration) {
        this.configuration = configuration;
    }

    /** The clock that decides when after-days deletions are due. */
    public Clock getClock() {
        return clock;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    /** The clock that decides when a failing mailbox is tried again. */
    public Clock getBackoffClock() {
        return backoffClock;
    }

    public void setBackoffClock(Clock backoffClock) {
        this.backoffClock = backoffClock;
    }
}
