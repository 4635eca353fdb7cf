package io.github.camelpop3ingest.pop3;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code pop3-ingest:} component: a POP3S consumer keyed on UIDL that skips seen messages before any TOP or RETR.
 */
@Component(Pop3IngestComponent.SCHEME)
public class Pop3IngestComponent extends DefaultComponent {

    /** The URI scheme. */
    public static final String SCHEME = "pop3-ingest";
    /** fsyncs run side by side at a commit point: the file system commits concurrent ones together. */
    private static final int FORCE_THREADS = 4;

    private ExecutorService forcing;
    private ExecutorService fetching;
    // Not options: replays and tests hand the endpoints their own clocks through the Java API only.
    private Clock clock = Clock.systemUTC();
    private Clock backoffClock = Clock.systemUTC();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Pop3IngestEndpoint endpoint = new Pop3IngestEndpoint(uri, this);
        endpoint.getConfiguration().setHost(remaining);
        endpoint.setClock(clock);
        endpoint.setBackoffClock(backoffClock);
        // Camel would convert these too (ignoring case, "-" for "_"), but its error names neither option nor values.
        String where = SCHEME + ":" + remaining;
        parameters.computeIfPresent("authMechanism", (name, value) -> value instanceof String s
                ? Pop3AuthMechanism.parse(s, where + " authMechanism") : value);
        parameters.computeIfPresent("uidlFallback", (name, value) -> value instanceof String s
                ? Pop3UidlFallback.parse(s, where + " uidlFallback") : value);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * Hands the endpoints created from now on their clocks; not setters, so that Camel's tooling sees no option.
     *
     * @param clock        decides when after-days deletions are due
     * @param backoffClock decides when a failing mailbox is tried again
     */
    public Pop3IngestComponent withClocks(Clock clock, Clock backoffClock) {
        this.clock = clock;
        this.backoffClock = backoffClock;
        return this;
    }

    /** The threads that force commit points to disk, shared by every mailbox of this component. */
    synchronized ExecutorService forcing() {
        if (forcing == null) {
            forcing = executors().newFixedThreadPool(this, "pop3-ingest-fsync", FORCE_THREADS);
        }
        return forcing;
    }

    /** The threads that fetch messages ahead of the routes, one per mailbox that is polling at the time. */
    synchronized ExecutorService fetching() {
        if (fetching == null) {
            fetching = executors().newCachedThreadPool(this, "pop3-ingest-fetch");
        }
        return fetching;
    }

    private ExecutorServiceManager executors() {
        return getCamelContext().getExecutorServiceManager();
    }

    @Override
    protected synchronized void doStop() throws Exception {
        super.doStop();
        if (fetching != null) {
            executors().shutdownNow(fetching);
            fetching = null;
        }
        if (forcing != null) {
            executors().shutdown(forcing);
            forcing = null;
        }
    }
}
