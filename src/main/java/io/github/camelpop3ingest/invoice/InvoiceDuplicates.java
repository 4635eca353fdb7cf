package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.github.camelpop3ingest.repository.BoundedKeys;
import io.github.camelpop3ingest.repository.FirstSeenStore;
import io.github.camelpop3ingest.repository.JournalIdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Remembers the first message that carried each invoice, across restarts, so that a resend is flagged
 * {@code duplicateOf}; it keeps its entries in a {@link JournalIdempotentRepository} of its own, with the same
 * crash safety as the UIDL journal, or in a {@link FirstSeenStore} that several instances share when one is set.
 * <p>
 * The key is the seller (VAT id, else name) + number + type code + issue date.
 */
public class InvoiceDuplicates extends ServiceSupport {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "invoiceDuplicates";
    /** Subfolder of the state directory that holds the journal. */
    public static final String DIR_NAME = "invoices";

    // Separates an invoice key from the first message's key inside one journal entry; neither contains it.
    private static final char SEPARATOR = '\u0000';

    private final Map<String, String> firstMessage = new HashMap<>();
    /** Entries registered with their journal write deferred, until {@link #flush} writes them together. */
    private final List<String> unwritten = new ArrayList<>();
    private JournalIdempotentRepository journal;
    private Path stateDir;
    private FirstSeenStore store;

    public InvoiceDuplicates() {
    }

    public InvoiceDuplicates(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** Keeps the entries in this store instead of a journal in the state directory, e.g. one a cluster shares. */
    public InvoiceDuplicates(FirstSeenStore store) {
        this.store = store;
    }

    @Override
    protected void doStart() throws Exception {
        if (store != null) {
            ServiceHelper.startService(store);
            return;
        }
        if (stateDir == null) {
            throw new IllegalArgumentException("InvoiceDuplicates needs stateDir, the folder of its journal");
        }
        journal = new JournalIdempotentRepository(stateDir.resolve(DIR_NAME), DIR_NAME);
        journal.start();
        journal.forEachConfirmed(entry -> {
            int at = entry.indexOf(SEPARATOR);
            if (at > 0) {
                firstMessage.putIfAbsent(entry.substring(0, at), entry.substring(at + 1));
            }
        });
    }

    @Override
    protected void doStop() throws Exception {
        if (journal != null) {
            journal.stop();
        }
        ServiceHelper.stopService(store);
        synchronized (this) {
            firstMessage.clear();
            // Their messages were not confirmed (a commit point flushes first), so they come again after a restart.
            unwritten.clear();
        }
    }

    /**
     * The duplicate key of an invoice, or empty when it lacks a number or a seller to tell it apart; bounded by
     * {@link BoundedKeys}, since the sender chooses how long a number or a name is.
     */
    public static Optional<String> keyOf(Invoice invoice) {
        if (invoice.number() == null || invoice.seller() == null) {
            return Optional.empty();
        }
        String seller = invoice.seller().vatId() != null ? invoice.seller().vatId() : invoice.seller().name();
        if (seller == null) {
            return Optional.empty();
        }
        return Optional.of(BoundedKeys.bound(normalize(seller) + "|" + invoice.number().trim() + "|"
                + (invoice.typeCode() == null ? "" : invoice.typeCode().trim()) + "|"
                + (invoice.issueDate() == null ? "" : invoice.issueDate())));
    }

    private static String normalize(String s) {
        return s.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }

    /**
     * Records that {@code messageKey} carries {@code invoice} and returns the invoice as it should be reported: with
     * {@code duplicateOf} set to the first message's key when another message carried it first.
     */
    public Invoice register(Invoice invoice, String messageKey) {
        return register(invoice, messageKey, false);
    }

    /**
     * Same as {@link #register(Invoice, String)}; with {@code deferWrite} a new entry is journalled only by the next
     * {@link #flush}, which the caller must run before it confirms the message (a commit point does): one journal
     * write and fsync for a whole batch of messages instead of one per invoice. A crash before the flush loses the
     * entry together with the message's confirmation, so the message is fetched and registered again.
     */
    public synchronized Invoice register(Invoice invoice, String messageKey, boolean deferWrite) {
        if (!isStarted()) {
            throw new IllegalStateException("invoiceDuplicates is not started: its journal is loaded when it starts "
                    + "(initMethod: start on a YAML bean, or CamelContext.addService)");
        }
        Optional<String> key = keyOf(invoice);
        if (key.isEmpty() || messageKey == null) {
            return invoice;
        }
        String first = store != null ? store.putIfAbsent(key.get(), messageKey) : firstMessage.get(key.get());
        if (first == null) {
            if (store == null) {
                String entry = key.get() + SEPARATOR + messageKey;
                if (deferWrite) {
                    unwritten.add(entry);
                } else {
                    journal.add(entry);
                    journal.confirm(entry);
                }
                firstMessage.put(key.get(), messageKey);
            }
            // A store took the entry with putIfAbsent already; there is no journal to write.
            return invoice;
        }
        if (first.equals(messageKey)) {
            // The same message again (fetched anew after a crash): not a resend.
            return invoice;
        }
        return invoice.withDuplicateOf(first);
    }

    /** Journals every entry registered with a deferred write; when this returns they are durable. */
    public void flush() throws IOException {
        List<String> entries;
        synchronized (this) {
            if (unwritten.isEmpty()) {
                return;
            }
            entries = new ArrayList<>(unwritten);
        }
        try {
            journal.confirmAll(entries);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            // The messages that carried them are not confirmed and come again, and register them again then: keep
            // none of them, neither queued (every later flush would fail the same way) nor as seen (the refetched
            // message would be taken for itself and its invoices never journalled).
            forget(entries);
            throw e instanceof UncheckedIOException io ? io.getCause() : new IOException("Journalling "
                    + entries.size() + " invoice-duplicate entries failed: " + e.getMessage(), e);
        }
        synchronized (this) {
            unwritten.removeAll(entries);
        }
    }

    private synchronized void forget(List<String> entries) {
        unwritten.removeAll(entries);
        for (String entry : entries) {
            int at = entry.indexOf(SEPARATOR);
            firstMessage.remove(entry.substring(0, at), entry.substring(at + 1));
        }
    }

    public void setStateDir(String stateDir) {
        this.stateDir = Path.of(stateDir);
    }

    /** Same as the constructor with a store, for bean declarations. */
    public void setStore(FirstSeenStore store) {
        this.store = store;
    }
}
