package io.github.camelpop3ingest.pop3;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code pop3-ingest:} component: a POP3S consumer keyed on UIDL that skips seen messages before any TOP or RETR.
 */
@Component(Pop3IngestComponent.SCHEME)
public class Pop3IngestComponent extends DefaultComponent {

    /** The URI scheme. */
    public static final String SCHEME = "pop3-ingest";

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Pop3IngestEndpoint endpoint = new Pop3IngestEndpoint(uri, this);
        endpoint.setHost(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
