package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.camelpop3ingest.repository.BoundedKeys;
import io.github.camelpop3ingest.repository.FirstSeenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An invoice number or seller name of any length is journalled and recognised again: its key is bounded before it
 * reaches the journal, so one such invoice cannot fail the commit point of the messages batched with it.
 */
class InvoiceDuplicatesLongKeysTest {

    @TempDir
    Path state;

    @Test
    void aFiveThousandCharacterNumberIsJournalledWithTheBatchAndFlaggedOnResend() throws Exception {
        String longNumber = "N".repeat(5_000);
        InvoiceDuplicates duplicates = new InvoiceDuplicates(state);
        duplicates.start();
        duplicates.register(invoice("INV-1", "Seller GmbH"), "acct#a", true);
        duplicates.register(invoice(longNumber, "Seller GmbH"), "acct#b", true);
        duplicates.register(invoice("INV-2", "Seller GmbH"), "acct#c", true);
        duplicates.flush();
        duplicates.stop();

        InvoiceDuplicates restarted = new InvoiceDuplicates(state);
        restarted.start();
        assertThat(restarted.register(invoice(longNumber, "Seller GmbH"), "acct#d", true).duplicateOf())
                .isEqualTo("acct#b");
        assertThat(restarted.register(invoice("INV-1", "Seller GmbH"), "acct#e", true).duplicateOf())
                .isEqualTo("acct#a");
        assertThat(restarted.register(invoice("INV-2", "Seller GmbH"), "acct#f", true).duplicateOf())
                .isEqualTo("acct#c");
        // Two long numbers that differ only at their end stay apart.
        assertThat(restarted.register(invoice(longNumber + "X", "Seller GmbH"), "acct#g", true).duplicateOf())
                .isNull();
        restarted.flush();
        restarted.stop();
    }

    @Test
    void keysOfLongNumbersAndNamesAreBounded() {
        String key = InvoiceDuplicates.keyOf(invoice("7".repeat(5_000), "S".repeat(20_000))).orElseThrow();
        assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(BoundedKeys.MAX_BYTES);
        assertThat(InvoiceDuplicates.keyOf(invoice("INV-1", "Seller GmbH")).orElseThrow())
                .isEqualTo("DE123456789|INV-1|380|2026-11-27");
    }

    @Test
    void withASharedStoreNothingIsLeftForTheFlush() throws Exception {
        Map<String, String> table = new ConcurrentHashMap<>();
        FirstSeenStore store = (key, value) -> {
            String earlier = table.putIfAbsent(key, value);
            return earlier == null ? value : earlier;
        };
        InvoiceDuplicates duplicates = new InvoiceDuplicates(store);
        duplicates.start();
        assertThat(duplicates.register(invoice("N".repeat(5_000), "Seller GmbH"), "acct#a", true).duplicateOf())
                .isNull();
        duplicates.flush();
        assertThat(duplicates.register(invoice("N".repeat(5_000), "Seller GmbH"), "acct#b", true).duplicateOf())
                .isEqualTo("acct#a");
        assertThat(table.keySet()).allSatisfy(k -> assertThat(k.length()).isLessThanOrEqualTo(BoundedKeys.MAX_BYTES));
        duplicates.stop();
    }

    private static Invoice invoice(String number, String sellerName) {
        return new Invoice("UBL", null, null, "380", number, "2026-11-27", null, "EUR",
                new InvoiceParty(sellerName, sellerName.length() > 100 ? null : "DE123456789", null), null, null, 1,
                "parts/invoice.xml", false, null, List.of());
    }
}
