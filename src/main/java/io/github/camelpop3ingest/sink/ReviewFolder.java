package io.github.camelpop3ingest.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.camelpop3ingest.archive.ArchiveNames;
import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.durable.DurableFiles;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.invoice.Invoice;
import io.github.camelpop3ingest.invoice.InvoiceValidation;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts-payable review folder: for each message whose invoices are not all valid, a folder
 * {@code <dir>/<account>/<uidl>/} with a copy of {@code message.eml} and {@code envelope.json} (the validation of
 * every invoice included) and {@value #REPORT_FILE}, the same report in words for the person who reviews it. Each
 * folder appears whole and forced to disk before the sink confirms; a replay replaces it.
 */
public class ReviewFolder {

    public static final String BEAN_NAME = "reviewFolder";
    public static final String SINK_NAME = "review-file";
    public static final String REPORT_FILE = "review.txt";

    private static final Logger LOG = LoggerFactory.getLogger(ReviewFolder.class);

    private Path dir;

    /** Writes the exchange's archived message into the review folder. */
    @Handler
    public void write(Exchange exchange) throws IOException {
        String account = IngestExchange.account(exchange);
        String uidl = IngestExchange.uidl(exchange);
        Path archived = IngestExchange.archiveFolder(exchange);
        Envelope envelope = ArchiveWriter.envelopeOf(exchange);
        if (dir == null || account == null || uidl == null || archived == null || envelope == null) {
            throw new IllegalStateException("Only an archived message can go to review (review folder " + dir
                    + "); the exchange lacks " + IngestExchange.ACCOUNT + ", " + IngestExchange.UIDL + ", "
                    + IngestExchange.ARCHIVE_FOLDER + " or its envelope");
        }
        String decision = IngestExchange.decision(exchange, "review");
        Path target = dir.resolve(ArchiveNames.encode(account)).resolve(ArchiveNames.encode(uidl));
        DurableFiles.replaceFolder(target, folder -> {
            Files.copy(archived.resolve(ArchiveWriter.MESSAGE_FILE), folder.resolve(ArchiveWriter.MESSAGE_FILE));
            Files.copy(archived.resolve(EnvelopeWriter.FILE_NAME), folder.resolve(EnvelopeWriter.FILE_NAME));
            Files.writeString(folder.resolve(REPORT_FILE), report(envelope, decision, archived), StandardCharsets.UTF_8);
        });
        LOG.info("Message {} of {} is in review ({}): {}", uidl, account, decision, target);
    }

    /** The report in words: the message, then each invoice with its validation and its findings. */
    static String report(Envelope envelope, String decision, Path archived) {
        StringBuilder text = new StringBuilder();
        text.append("Review: ").append("reject".equals(decision)
                ? "an invoice breaks the rules of its specification" : "an invoice needs a person's check")
                .append('\n');
        text.append("Subject: ").append(nullToEmpty(envelope.subject())).append('\n');
        text.append("From: ").append(String.join(", ", envelope.from())).append('\n');
        text.append("Date: ").append(envelope.date() == null ? "" : envelope.date().toString()).append('\n');
        text.append("Message-ID: ").append(nullToEmpty(envelope.messageId())).append('\n');
        text.append("Account: ").append(envelope.account()).append(", UIDL ").append(envelope.uidl()).append('\n');
        text.append("Archive: ").append(archived.toAbsolutePath()).append('\n');
        for (Invoice invoice : envelope.invoices()) {
            text.append('\n').append("Invoice ").append(invoice.number() == null ? "(no number)" : invoice.number())
                    .append(" (").append(invoice.format()).append(", ").append(invoice.path()).append("): ");
            InvoiceValidation validation = invoice.validation();
            if (validation == null) {
                text.append(Boolean.TRUE.equals(invoice.needsReview())
                        ? "needs review: no structured invoice data was found, a person must read it"
                        : "not validated").append('\n');
                continue;
            }
            text.append(validation.status().json());
            if (validation.ruleSet() != null) {
                text.append(" (").append(validation.ruleSet()).append(')');
            }
            text.append('\n');
            if (validation.reason() != null) {
                text.append("  reason: ").append(validation.reason()).append('\n');
            }
            findings(text, "error", validation.errors());
            findings(text, "warning", validation.warnings());
            if (Boolean.TRUE.equals(invoice.needsReview())) {
                text.append("  needs review: ").append(String.join("; ", invoice.problems())).append('\n');
            }
        }
        return text.toString();
    }

    private static void findings(StringBuilder text, String kind, java.util.List<InvoiceValidation.Finding> findings) {
        for (InvoiceValidation.Finding f : findings) {
            text.append("  ").append(kind).append(' ').append(f.id()).append(": ").append(f.text()).append('\n');
            if (f.location() != null && !f.location().isEmpty()) {
                text.append("    at ").append(f.location()).append('\n');
            }
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    public void setDir(String dir) {
        this.dir = dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    public String getDir() {
        return dir == null ? null : dir.toString();
    }
}
