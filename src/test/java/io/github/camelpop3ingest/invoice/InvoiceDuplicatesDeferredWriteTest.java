package io.github.camelpop3ingest.invoice;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An invoice registered with its journal write deferred is remembered at once, survives a restart only after the
 * flush that a commit point runs, and a message registered again after a crash is not its own duplicate.
 */
class InvoiceDuplicatesDeferredWriteTest {

    @TempDir
    Path state;

    @Test
    void aDeferredEntryIsDurableOnlyAfterTheFlush() throws Exception {
        InvoiceDuplicates duplicates = new InvoiceDuplicates(state);
        duplicates.start();
        assertThat(duplicates.register(invoice("INV-1"), "acct#a", true).duplicateOf()).isNull();
        assertThat(duplicates.register(invoice("INV-1"), "acct#b", true).duplicateOf()).isEqualTo("acct#a");
        assertThat(duplicates.register(invoice("INV-2"), "acct#b", true).duplicateOf()).isNull();
        duplicates.stop();

        // A crash before the commit point: nothing was journalled, and message a comes again.
        InvoiceDuplicates afterCrash = new InvoiceDuplicates(state);
        afterCrash.start();
        assertThat(afterCrash.register(invoice("INV-1"), "acct#c", true).duplicateOf()).isNull();
        afterCrash.flush();
        afterCrash.flush(); // nothing left: no second write
        afterCrash.stop();

        InvoiceDuplicates restarted = new InvoiceDuplicates(state);
        restarted.start();
        assertThat(restarted.register(invoice("INV-1"), "acct#d", false).duplicateOf()).isEqualTo("acct#c");
        assertThat(restarted.register(invoice("INV-1"), "acct#c", false).duplicateOf()).isNull();
        restarted.stop();
    }

    private static Invoice invoice(String number) {
        return new Invoice("UBL", null, null, "380", number, "2026-11-27", null, "EUR",
                new InvoiceParty("Seller GmbH", "DE123456789", null), null, null, 1, "parts/invoice.xml", false, null,
                List.of());
    }
}
