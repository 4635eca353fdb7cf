package io.github.camelpop3ingest.sink;

import java.util.List;
import java.util.Locale;

import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.Invoice;
import io.github.camelpop3ingest.invoice.InvoiceValidation;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;

/**
 * Where a message goes after the archive, from the validation of its invoices: the delivery route's choice reads
 * {@link #IngestExchange.DECISION}. With validation off every message is {@link Outcome#DELIVER delivered}, as before validation
 * existed; with it on, a message whose invoices are all valid is delivered, one with an invalid invoice is
 * {@link Outcome#REJECT rejected} (review, and a notice to the sender when that is on), and one with an invoice that
 * was not validated or needs a person's eye (a PDF without invoice data) goes to {@link Outcome#REVIEW review}. Mail
 * without any invoice is delivered.
 */
public class InvoiceDecision {

    public static final String BEAN_NAME = "invoiceDecision";


    public enum Outcome {
        DELIVER, REVIEW, REJECT;

        /** The header's value, in lower case. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private boolean enabled;

    /** The outcome for a message with these invoices, when invoices are validated. */
    public static Outcome of(List<Invoice> invoices) {
        Outcome outcome = Outcome.DELIVER;
        for (Invoice invoice : invoices) {
            InvoiceValidation validation = invoice.validation();
            if (validation != null && validation.status() == InvoiceValidation.Status.INVALID) {
                return Outcome.REJECT;
            }
            boolean doubtful = validation == null || validation.status() != InvoiceValidation.Status.VALID
                    || Boolean.TRUE.equals(invoice.needsReview());
            if (doubtful) {
                outcome = Outcome.REVIEW;
            }
        }
        return outcome;
    }

    /** Sets {@link #IngestExchange.DECISION} on the exchange of an archived message. */
    @Handler
    public void decide(Exchange exchange) {
        Envelope envelope = ArchiveWriter.envelopeOf(exchange);
        Outcome outcome = !enabled || envelope == null ? Outcome.DELIVER : of(envelope.invoices());
        IngestExchange.setDecision(exchange, outcome.value());
    }

    /** Whether invoices are validated, so that the decision follows their validation; default false. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isEnabled() {
        return enabled;
    }
}
