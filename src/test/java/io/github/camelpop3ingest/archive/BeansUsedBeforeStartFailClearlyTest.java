package io.github.camelpop3ingest.archive;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Invoice;
import io.github.camelpop3ingest.invoice.InvoiceDuplicates;
import io.github.camelpop3ingest.invoice.InvoiceParty;
import io.github.camelpop3ingest.sink.QuarantineWriter;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Camel starts the beans of the data path; one used before it started refuses the work with a message that names it
 * and says how it is started, instead of starting itself on the first message (or failing on a null).
 */
class BeansUsedBeforeStartFailClearlyTest {

    @TempDir
    Path tmp;

    @Test
    void theArchiveWriterRefusesAMessageAndLeavesTheSpoolAlone() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Path spooled = Files.writeString(tmp.resolve("spooled.eml"), "Subject: x\r\n\r\nbody\r\n",
                    StandardCharsets.US_ASCII);
            Exchange exchange = new DefaultExchange(context);
            exchange.getIn().setBody(spooled.toFile());
            exchange.getIn().setHeader(IngestExchange.ACCOUNT, "alice@localhost:995");
            exchange.getIn().setHeader(IngestExchange.UIDL, "UID-1");

            ArchiveWriter writer = new ArchiveWriter(tmp.resolve("archive"));
            assertThatThrownBy(() -> writer.archive(exchange)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("archiveWriter is not started").hasMessageContaining("initMethod: start");
            assertThat(spooled).exists();
            assertThat(tmp.resolve("archive")).doesNotExist();
        }
    }

    @Test
    void theQuarantineRefusesAMessage() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            QuarantineWriter quarantine = new QuarantineWriter();
            quarantine.setQuarantineDir(tmp.resolve("quarantine").toString());
            assertThatThrownBy(() -> quarantine.quarantine(new DefaultExchange(context)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("quarantine is not started");
        }
    }

    @Test
    void invoiceDuplicatesRefuseARegistrationBeforeTheirJournalIsLoaded() {
        InvoiceDuplicates duplicates = new InvoiceDuplicates(tmp.resolve("state"));
        Invoice invoice = new Invoice("UBL", null, null, "380", "INV-1", "2026-11-27", null, "EUR",
                new InvoiceParty("Seller GmbH", "DE123456789", null), null, null, 1, "parts/invoice.xml", false, null,
                List.of());
        assertThatThrownBy(() -> duplicates.register(invoice, "acct#a")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invoiceDuplicates is not started");
        assertThat(tmp.resolve("state")).doesNotExist();
    }
}
