package io.github.camelpop3ingest.pop3;

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

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Pop3IngestEndpoint endpoint = new Pop3IngestEndpoint(uri, this);
        endpoint.setHost(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
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
