package io.github.camelpop3ingest.main;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

import io.github.camelpop3ingest.pop3.FileRefreshTokenStore;
import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.repository.JournalIdempotentRepository;
import io.github.camelpop3ingest.repository.RefreshTokenStore;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;

/**
 * One intake route per mailbox of {@code ingest.mailboxes.file}, each made from the route template
 * {@code pop3-intake} of {@code routes/intake.camel.yaml}, the one that also serves the single mailbox: the mailbox
 * into the archive, then into the mailbox's route. Each keeps its own state (UIDL journal, spool, OAuth token) under
 * {@code <state>/mailboxes/<name>} (in cluster mode the journal and token in the shared database) and polls on its own
 * thread, so a failing mailbox backs off alone.
 */
final class MailboxRoutes extends RouteBuilder {

    /** The route id of a mailbox: {@code pop3-intake-<name>}. */
    static final String ROUTE_PREFIX = "pop3-intake-";
    private static final String TEMPLATE = "pop3-intake";

    private final List<MailboxList.Mailbox> mailboxes;
    private final Path stateDir;
    private final ClusterSetup cluster;

    /**
     * @param stateDir the job's state directory, checked
     * @param cluster  the cluster mode, or null: each mailbox keeps its own journal and is always consumed
     */
    MailboxRoutes(List<MailboxList.Mailbox> mailboxes, Path stateDir, ClusterSetup cluster) {
        this.mailboxes = mailboxes;
        this.stateDir = stateDir;
        this.cluster = cluster;
    }

    /**
     * Binds each mailbox's state beans, {@code uidlRepository-<name>} and {@code refreshTokenStore-<name>}, which
     * its route names: a journal and a token file in the mailbox's state directory, or in cluster mode the shared
     * tables.
     */
    void bindState(CamelContext context) {
        for (MailboxList.Mailbox m : mailboxes) {
            Path own = stateDir(m);
            if (cluster == null) {
                JournalIdempotentRepository journal = StateSetup.journal(own, JournalIdempotentRepository.UIDL);
                journal.start();
                StateSetup.addService(context, journal);
                context.getRegistry().bind(uidlRepository(m), journal);
                context.getRegistry().bind(refreshTokenStore(m),
                        new FileRefreshTokenStore(own.resolve(FileRefreshTokenStore.FILE_NAME)));
            } else {
                context.getRegistry().bind(uidlRepository(m), context.getRegistry().lookupByName(
                        StateSetup.UIDL_REPOSITORY));
                RefreshTokenStore shared = cluster.refreshTokenStore(account(m));
                context.getRegistry().bind(refreshTokenStore(m), shared);
            }
        }
    }

    @Override
    public void configure() {
        for (MailboxList.Mailbox m : mailboxes) {
            MailboxList.OAuth2 oauth2 = m.oauth2();
            boolean token = oauth2 != null;
            TemplatedRouteDefinition route = templatedRoute(TEMPLATE).routeId(ROUTE_PREFIX + m.id());
            // A template parameter cannot be null: an absent value is passed empty, which the endpoint takes as unset.
            BiConsumer<String, Object> parameter = (name, value) -> route.parameter(name,
                    value == null ? "" : value.toString());
            parameter.accept("host", m.host());
            parameter.accept("port", m.port());
            parameter.accept("security", m.security().name());
            parameter.accept("allowPlaintext", m.allowPlaintext());
            parameter.accept("username", m.username());
            parameter.accept("password", m.secret());
            parameter.accept("authMechanism", m.auth().name().toLowerCase(Locale.ROOT));
            parameter.accept("oauth2TokenEndpoint", token ? oauth2.tokenEndpoint() : null);
            parameter.accept("clientId", token ? oauth2.clientId() : null);
            parameter.accept("clientSecret", token ? oauth2.clientSecret() : null);
            parameter.accept("refreshToken", token ? oauth2.refreshToken() : null);
            parameter.accept("oauth2Scope", token ? oauth2.scope() : null);
            parameter.accept("microsoft365", token && oauth2.microsoft365());
            parameter.accept("truststore", m.truststore());
            parameter.accept("pin", m.pin());
            parameter.accept("uidlFallback", m.uidlFallback());
            parameter.accept("delete", m.delete());
            parameter.accept("stateDir", stateDir(m));
            parameter.accept("uidlRepository", uidlRepository(m));
            parameter.accept("refreshTokenStore", refreshTokenStore(m));
            parameter.accept("next", m.route());
            if (cluster != null) {
                parameter.accept("consumerPrefix", cluster.consumerPrefix(account(m)));
            }
        }
    }

    private Path stateDir(MailboxList.Mailbox m) {
        return stateDir.resolve("mailboxes").resolve(m.id());
    }

    private static String uidlRepository(MailboxList.Mailbox m) {
        return StateSetup.UIDL_REPOSITORY + "-" + m.id();
    }

    private static String refreshTokenStore(MailboxList.Mailbox m) {
        return StateSetup.REFRESH_TOKEN_STORE + "-" + m.id();
    }

    /** The mailbox's account with the port its security implies when the list names none. */
    static Pop3Account account(MailboxList.Mailbox m) {
        return new Pop3Account(m.host(), m.port() > 0 ? m.port() : m.security().defaultPort(), m.username());
    }
}
