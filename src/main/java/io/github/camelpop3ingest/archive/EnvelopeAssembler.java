package io.github.camelpop3ingest.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.camelpop3ingest.durable.DurableFiles;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.invoice.InvoiceDuplicates;
import io.github.camelpop3ingest.invoice.InvoiceFinder;
import io.github.camelpop3ingest.invoice.InvoiceRecognizer;
import io.github.camelpop3ingest.mime.MimeSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the {@code envelope.json} of a message in its temporary archive folder: splits the message into its
 * parts, reads its invoices, and names the failure that makes it poison.
 */
final class EnvelopeAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeAssembler.class);

    private final MimeSplitter splitter;
    private final EnvelopeWriter envelopeWriter;
    /** Null when invoices are not read. */
    private final InvoiceFinder invoices;

    EnvelopeAssembler(MimeSplitter splitter, EnvelopeWriter envelopeWriter, InvoiceRecognizer recognizer,
            InvoiceDuplicates duplicates) {
        this.splitter = splitter;
        this.envelopeWriter = envelopeWriter;
        this.invoices = recognizer == null ? null : new InvoiceFinder(recognizer, duplicates);
    }

    /**
     * Splits the message, reads its invoices and writes its envelope into {@code temp}. A parser's memory or stack
     * error, or a failure the consumer saw repeat on this message, turns it into poison: archived unsplit or without
     * its invoices, the failure named in the envelope. I/O failures are thrown: they may pass.
     */
    ArchivedEnvelope assemble(Path eml, Path temp, ArchiveRequest request) throws IOException {
        String account = request.account();
        String uidl = request.uidl();
        Envelope envelope;
        PoisonMessageException poison = null;
        if (request.headersOnly() != null) {
            // A message over maxMessageSize: only its header was read, and that is all there is to describe.
            envelope = Envelope.of(splitter.describeUnsplit(eml, request.source(), request.headersOnly()));
        } else if (request.repeatedFailure() != null) {
            String repeated = request.repeatedFailure();
            String problem = PoisonMessageException.PROBLEM_PREFIX + repeated + "; archived unsplit";
            envelope = Envelope.of(splitter.describeUnsplit(eml, request.source(), problem));
            poison = new PoisonMessageException(MessageStageException.Stage.PROCESSING, account, uidl, repeated, null);
        } else {
            try {
                envelope = Envelope.of(splitter.split(eml, temp, request.source()));
            } catch (IOException e) {
                throw new MessageStageException(MessageStageException.Stage.SPLIT, account, uidl,
                        MessageStageException.rootCause(e), e);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                // The parser gave up on these bytes and will again: whatever it wrote goes, the message stays.
                String what = MessageStageException.rootCause(e);
                LOG.error("Splitting {} of {} failed ({}); archiving it unsplit and sending it to quarantine", uidl,
                        account, what);
                DurableFiles.deleteTree(temp.resolve(MimeSplitter.PARTS_DIR));
                envelope = Envelope.of(splitter.describeUnsplit(eml, request.source(),
                        PoisonMessageException.PROBLEM_PREFIX + "split failed: " + what + "; archived unsplit"));
                poison = new PoisonMessageException(MessageStageException.Stage.SPLIT, account, uidl, what, e);
            }
            if (invoices != null && poison == null) {
                InvoiceRecognizer.Result found = invoices.find(temp, envelope, request.messageKey(),
                        request.commitPoint(), MessageStageException::rootCause);
                envelope = withInvoices(envelope, found);
                if (found.crash() != null) {
                    LOG.error("Reading the invoices of {} of {} failed ({}); archiving it with the invoice marked "
                            + "for review and sending it to quarantine", uidl, account, found.crash());
                    poison = new PoisonMessageException(MessageStageException.Stage.INVOICE, account, uidl,
                            found.crash(), null);
                }
            }
        }
        envelopeWriter.writeNew(envelope, temp);
        return new ArchivedEnvelope(envelope, poison);
    }

    /**
     * The envelope with the invoices found; with a commit point, their new invoice-duplicate entries were deferred to
     * it (one fsync per batch, not one per invoice), before the message's key is confirmed. A crash of the recognition
     * as a whole (one part's crash is contained by the recognizer) leaves the message with one invoice entry marked
     * for review.
     */
    private static Envelope withInvoices(Envelope envelope, InvoiceRecognizer.Result found) {
        List<String> problems = found.problems();
        if (found.crash() != null) {
            problems = new ArrayList<>(problems);
            problems.add(PoisonMessageException.PROBLEM_PREFIX + "invoice recognition failed: " + found.crash());
        }
        return envelope.withInvoices(found.invoices(), problems);
    }
}
