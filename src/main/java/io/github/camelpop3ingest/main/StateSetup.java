package io.github.camelpop3ingest.main;

import java.nio.file.Path;

import io.github.camelpop3ingest.invoice.InvoiceDuplicates;
import io.github.camelpop3ingest.pop3.FileRefreshTokenStore;
import io.github.camelpop3ingest.repository.JournalIdempotentRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Binds the beans that hold the job's state, which the routes name: {@code uidlRepository} (processed keys),
 * {@code holdRepository} (keys of quarantined messages), {@code invoiceDuplicates} and {@code refreshTokenStore};
 * journals and files in the state directory, or in cluster mode the tables {@link ClusterSetup} opens on the shared
 * database.
 */
final class StateSetup {

    static final String UIDL_REPOSITORY = "uidlRepository";
    static final String HOLD_REPOSITORY = "holdRepository";
    /** Where the single-mailbox route keeps a rotated OAuth 2.0 refresh token (a listed mailbox: {@code -<name>}). */
    static final String REFRESH_TOKEN_STORE = "refreshTokenStore";
    /** Below the state directory: the hold journal, hold/hold.journal. */
    static final String HOLD_DIR = "hold";

    private StateSetup() {
    }

    /** The journals in {@code stateDir}, started now so that a state directory in use fails before any route. */
    static void bindJournals(CamelContext context, Path stateDir) {
        JournalIdempotentRepository uidl = journal(stateDir, JournalIdempotentRepository.UIDL);
        JournalIdempotentRepository hold = journal(stateDir.resolve(HOLD_DIR), HOLD_DIR);
        InvoiceDuplicates invoices = new InvoiceDuplicates(stateDir);
        uidl.start();
        hold.start();
        invoices.start();
        bind(context, uidl, hold, invoices);
        context.getRegistry().bind(REFRESH_TOKEN_STORE,
                new FileRefreshTokenStore(stateDir.resolve(FileRefreshTokenStore.FILE_NAME)));
    }

    /** A journal in the job's state directory, whose configuration errors name the job's setting. */
    static JournalIdempotentRepository journal(Path dir, String name) {
        JournalIdempotentRepository journal = new JournalIdempotentRepository(dir, name);
        journal.setStateDirSetting(IngestSetting.STATE_DIR.label());
        return journal;
    }

    /** Binds started state beans; the context stops them when it stops. */
    static void bind(CamelContext context, IdempotentRepository uidl, IdempotentRepository hold,
            InvoiceDuplicates invoices) {
        context.getRegistry().bind(UIDL_REPOSITORY, uidl);
        context.getRegistry().bind(HOLD_REPOSITORY, hold);
        context.getRegistry().bind(InvoiceDuplicates.BEAN_NAME, invoices);
        for (Object service : new Object[] {uidl, hold, invoices}) {
            addService(context, service);
        }
    }

    /** Hands a started state bean to the context, which stops it when it stops. */
    static void addService(CamelContext context, Object service) {
        try {
            context.addService(service, true, false);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register the state bean " + service + " with the Camel context: "
                    + e, e);
        }
    }
}
