package io.github.camelpop3ingest.invoice;

import java.nio.file.Path;
import java.util.List;

import io.github.camelpop3ingest.exchange.CommitPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The finder flags resends; with a commit point it hands the duplicates to it instead of journalling at once, and a
 * crash of the recognition as a whole is thrown, or reported in the caller's words when the caller asks for that.
 */
class InvoiceFinderDefersToTheCommitPointTest {

    @TempDir
    Path state;

    @Test
    void withoutACommitPointAnEntryIsJournalledAtOnce() throws Exception {
        InvoiceDuplicates duplicates = new InvoiceDuplicates(state);
        duplicates.start();
        InvoiceFinder finder = new InvoiceFinder(new InvoiceRecognizer(), duplicates);

        assertThat(finder.register(List.of(invoice("INV-1")), "acct#a", null)).extracting(Invoice::duplicateOf)
                .containsExactly((String) null);
        duplicates.stop();

        InvoiceDuplicates restarted = new InvoiceDuplicates(state);
        restarted.start();
        assertThat(new InvoiceFinder(new InvoiceRecognizer(), restarted)
                .register(List.of(invoice("INV-1")), "acct#b", null)).extracting(Invoice::duplicateOf)
                .containsExactly("acct#a");
        restarted.stop();
    }

    @Test
    void withACommitPointTheEntryWaitsForItsFlush() throws Exception {
        InvoiceDuplicates duplicates = new InvoiceDuplicates(state);
        duplicates.start();
        CommitPoint commitPoint = new CommitPoint(null);
        InvoiceFinder finder = new InvoiceFinder(new InvoiceRecognizer(), duplicates);

        List<Invoice> first = finder.register(List.of(invoice("INV-1"), invoice("INV-2")), "acct#a", commitPoint);
        List<Invoice> resent = finder.register(List.of(invoice("INV-2")), "acct#b", commitPoint);

        assertThat(first).extracting(Invoice::duplicateOf).containsExactly(null, null);
        assertThat(resent).extracting(Invoice::duplicateOf).containsExactly("acct#a");
        assertThat(commitPoint.isEmpty()).as("the journal write waits at the commit point").isFalse();
        duplicates.stop();

        // No flush ran: a crash before the commit point forgets the entries with the messages' confirmation.
        InvoiceDuplicates afterCrash = new InvoiceDuplicates(state);
        afterCrash.start();
        assertThat(afterCrash.register(invoice("INV-2"), "acct#c")).extracting(Invoice::duplicateOf).isNull();
        afterCrash.stop();
    }

    @Test
    void aCrashOfTheWholeRecognitionIsThrownOrReported() {
        InvoiceFinder finder = new InvoiceFinder(new InvoiceRecognizer(), null);

        // No envelope: the recognizer fails before it reaches any part.
        assertThatThrownBy(() -> finder.find(state, null, "acct#a", null, null))
                .isInstanceOf(NullPointerException.class);
        InvoiceRecognizer.Result reported = finder.find(state, null, "acct#a", null, e -> "crashed: " + e.getClass()
                .getSimpleName());
        assertThat(reported.invoices()).isEmpty();
        assertThat(reported.problems()).isEmpty();
        assertThat(reported.crash()).isEqualTo("crashed: NullPointerException");
    }

    private static Invoice invoice(String number) {
        return new Invoice("UBL", null, null, "380", number, "2026-11-27", null, "EUR",
                new InvoiceParty("Seller GmbH", "DE123456789", null), null, null, 1, "parts/invoice.xml", false, null,
                List.of());
    }
}
