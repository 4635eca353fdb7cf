package io.github.camelpop3ingest.invoice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.camelpop3ingest.exchange.CommitPoint;

/**
 * Recognizes the invoices of one message and flags those an earlier message carried ({@code duplicateOf}): the one
 * way the archive and the {@code einvoice-extract-action} Kamelet read invoices.
 */
public final class InvoiceFinder {

    private final InvoiceRecognizer recognizer;
    private final InvoiceDuplicates duplicates;

    /** @param duplicates where resends are looked up and first messages remembered, or null for no duplicate check */
    public InvoiceFinder(InvoiceRecognizer recognizer, InvoiceDuplicates duplicates) {
        this.recognizer = recognizer;
        this.duplicates = duplicates;
    }

    /**
     * The invoices in the parts under {@code folder}, each registered as carried by {@code messageKey}; with a {@code commitPoint} the
     * journal write of the new entries waits for it (one fsync per poll, not one per invoice), without one it is
     * done at once.
     * <p>
     * The recognizer contains the crash of one part. A crash of the recognition as a whole is thrown as it is when
     * {@code describeCrash} is null; else it is returned, in the words of {@code describeCrash}, as the result's
     * {@code crash}, with no invoices and no problems.
     */
    public InvoiceRecognizer.Result find(Path folder, Envelope envelope, String messageKey, CommitPoint commitPoint,
            Function<Throwable, String> describeCrash) {
        InvoiceRecognizer.Result found;
        try {
            found = recognizer.recognize(folder, envelope);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            if (describeCrash == null) {
                throw e;
            }
            return new InvoiceRecognizer.Result(List.of(), List.of(), describeCrash.apply(e));
        }
        return new InvoiceRecognizer.Result(register(found.invoices(), messageKey, commitPoint), found.problems(),
                found.crash());
    }

    /**
     * Registers invoices read earlier (e.g. those of a message found already archived, whose entries a crash kept
     * from being journalled) and returns them as they should be reported, {@code duplicateOf} set on resends.
     */
    public List<Invoice> register(List<Invoice> invoices, String messageKey, CommitPoint commitPoint) {
        if (duplicates == null || invoices.isEmpty()) {
            return invoices;
        }
        List<Invoice> registered = new ArrayList<>(invoices.size());
        for (Invoice invoice : invoices) {
            registered.add(duplicates.register(invoice, messageKey, commitPoint != null));
            if (commitPoint != null) {
                // After each one: should a later registration fail, the deferred ones are flushed all the same.
                commitPoint.add(duplicates, duplicates::flush);
            }
        }
        return registered;
    }
}
