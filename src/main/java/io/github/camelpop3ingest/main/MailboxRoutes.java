package io.github.camelpop3ingest.main;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.pop3.Pop3IngestComponent;
import io.github.camelpop3ingest.pop3.Pop3IngestEndpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.IdempotentRepository;

/**
 * One intake route per mailbox of {@code ingest.mailboxes.file}, each the same as the single-mailbox route of
 * {@code routes/intake.camel.yaml}: the mailbox into the archive, then into the mailbox's route. Each keeps its own
 * state (UIDL journal, spool, OAuth token) under {@code <state>/mailboxes/<name>} (in cluster mode the journal and
 * token in the shared database) and polls on its own thread, so a failing mailbox backs off alone.
 */
final class MailboxRoutes extends RouteBuilder {

    /** The route id of a mailbox: {@code pop3-intake-<name>}. */
    static final String ROUTE_PREFIX = "pop3-intake-";

    private final List<MailboxList.Mailbox> mailboxes;
    private final IngestSettings settings;
    private final ClusterSetup cluster;

    /**
     * @param settings the job's settings, checked: the state directory and the poll options every mailbox shares
     * @param cluster  the cluster mode, or null: each mailbox keeps its own journal and is always consumed
     */
    MailboxRoutes(List<MailboxList.Mailbox> mailboxes, IngestSettings settings, ClusterSetup cluster) {
        this.mailboxes = mailboxes;
        this.settings = settings;
        this.cluster = cluster;
    }

    @Override
    public void configure() throws Exception {
        Pop3IngestComponent component = getContext().getComponent(Pop3IngestComponent.SCHEME, Pop3IngestComponent.class);
        Path stateDir = Path.of(settings.get(IngestSetting.STATE_DIR));
        for (MailboxList.Mailbox m : mailboxes) {
            // Configured as an object: the password never becomes part of an endpoint URI.
            Pop3IngestEndpoint endpoint = new Pop3IngestEndpoint(Pop3IngestComponent.SCHEME + ":" + m.id(), component);
            endpoint.setCamelContext(getContext());
            endpoint.setHost(m.host());
            endpoint.setPort(m.port());
            endpoint.setSecurity(m.security());
            endpoint.setAllowPlaintext(m.allowPlaintext());
            endpoint.setUsername(m.username());
            endpoint.setPassword(m.secret());
            endpoint.setAuthMechanism(m.auth().name().toLowerCase(Locale.ROOT));
            if (m.oauth2() != null) {
                endpoint.setOauth2TokenEndpoint(m.oauth2().tokenEndpoint());
                endpoint.setOauth2ClientId(m.oauth2().clientId());
                endpoint.setOauth2ClientSecret(m.oauth2().clientSecret());
                endpoint.setOauth2RefreshToken(m.oauth2().refreshToken());
                endpoint.setOauth2Scope(m.oauth2().scope());
                endpoint.setMicrosoft365(m.oauth2().microsoft365());
            }
            endpoint.setTruststore(m.truststore().isEmpty() ? null : m.truststore());
            endpoint.setPin(m.pin().isEmpty() ? null : m.pin());
            endpoint.setDelete(m.delete());
            endpoint.setUidlFallback(m.uidlFallback());
            endpoint.setMaxFailures(intSetting(IngestSetting.MAX_FAILURES));
            endpoint.setMaxMessagesPerPoll(intSetting(IngestSetting.POLL_MAX_MESSAGES));
            endpoint.setConnectTimeout(intSetting(IngestSetting.POLL_CONNECT_TIMEOUT));
            endpoint.setReadTimeout(intSetting(IngestSetting.POLL_READ_TIMEOUT));
            endpoint.setMaxBackoff(settings.number(IngestSetting.POLL_MAX_BACKOFF));
            endpoint.setAuthBackoff(settings.number(IngestSetting.POLL_AUTH_BACKOFF));
            endpoint.setMaxMessageSize(settings.number(IngestSetting.MAX_MESSAGE_SIZE));
            endpoint.setStateDir(stateDir.resolve("mailboxes").resolve(m.id()).toString());
            endpoint.setHoldRepository(getContext().getRegistry().lookupByNameAndType("holdRepository",
                    IdempotentRepository.class));
            endpoint.setDelay(settings.number(IngestSetting.POLL_DELAY));
            endpoint.setInitialDelay(0);
            if (settings.once()) {
                endpoint.setRepeatCount(1);
            }
            Pop3Account account = new Pop3Account(m.host(), m.port() > 0 ? m.port() : m.security().defaultPort(),
                    m.username());
            if (cluster != null) {
                // The shared tables instead of a journal and a token file per mailbox; set before adding, which may
                // start the endpoint.
                endpoint.setIdempotentRepository(getContext().getRegistry().lookupByNameAndType(
                        StateSetup.UIDL_REPOSITORY, IdempotentRepository.class));
                if (m.oauth2() != null) {
                    endpoint.setRefreshTokenStore(cluster.refreshTokenStore(account));
                }
            }
            getContext().addEndpoint(endpoint.getEndpointUri(), endpoint);
            RouteDefinition route;
            if (cluster == null) {
                route = from(endpoint);
            } else {
                // master: resolves the endpoint added above when it takes the lead.
                route = from(cluster.consumerUri(account, endpoint.getEndpointUri()));
            }
            route.routeId(ROUTE_PREFIX + m.id()).routeConfigurationId("intake-errors")
                    .bean("archiveWriter")
                    .to(m.route());
        }
    }

    /** A whole-number setting that {@link IngestSettings#validate()} checked fits an int. */
    private int intSetting(IngestSetting setting) {
        return (int) Math.min(Integer.MAX_VALUE, settings.number(setting));
    }
}
