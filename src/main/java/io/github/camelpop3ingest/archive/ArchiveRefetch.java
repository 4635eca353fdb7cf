package io.github.camelpop3ingest.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.invoice.InvoiceDuplicates;
import io.github.camelpop3ingest.invoice.InvoiceFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message fetched again whose folder is in the archive already (written before a crash kept its key from being
 * confirmed): kept when its {@code message.eml} holds exactly the bytes fetched again, else replaced.
 */
final class ArchiveRefetch {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRefetch.class);

    private final EnvelopeWriter envelopeWriter;
    private final InvoiceFinder invoices;

    ArchiveRefetch(EnvelopeWriter envelopeWriter, InvoiceDuplicates duplicates) {
        this.envelopeWriter = envelopeWriter;
        // Registering invoices read earlier needs no recognizer.
        this.invoices = new InvoiceFinder(null, duplicates);
    }

    /** Whether the folder holds an archived message (with its envelope), which these bytes then keep or replace. */
    static boolean isArchived(ArchiveFolder folder) {
        return Files.isRegularFile(folder.target().resolve(EnvelopeWriter.FILE_NAME));
    }

    /** The archived envelope when the folder holds exactly these message bytes and a readable envelope, else null. */
    Envelope sameMessage(ArchiveFolder folder, Path fetched) {
        Path target = folder.target();
        try {
            if (Files.mismatch(target.resolve(ArchiveFolder.MESSAGE_FILE), fetched) != -1L) {
                return null;
            }
            return envelopeWriter.read(target);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Archived folder {} cannot be read back: {}", target, e.toString());
            return null;
        }
    }

    /**
     * Keeps the archived copy of a message fetched again with the same bytes: it is not written twice, and its
     * envelope is returned. It is still a poison message if it was one (a crash kept it from quarantine), or becomes
     * one when a later step of the route keeps failing on it.
     */
    ArchivedEnvelope keep(Envelope existing, ArchiveFolder folder, Path spooled, ArchiveRequest request)
            throws IOException {
        String account = existing.account();
        String uidl = existing.uidl();
        LOG.info("{} of {} is already archived in {}; not writing it again", uidl, account, folder.target());
        folder.removeLeftover(spooled);
        // Written before a crash kept its key from being confirmed, perhaps not forced to disk yet.
        folder.forceAt(request.commitPoint());
        // Its invoice-duplicate entries were not journalled either: they are flushed before keys are confirmed.
        invoices.register(existing.invoices(), request.messageKey(), request.commitPoint());
        Envelope envelope = existing;
        String poison = PoisonMessageException.problemIn(existing);
        MessageStageException.Stage stage = MessageStageException.Stage.ARCHIVE;
        String repeated = request.repeatedFailure();
        if (poison == null && repeated != null) {
            envelope = existing.withInvoices(existing.invoices(), List.of(PoisonMessageException.PROBLEM_PREFIX
                    + repeated));
            envelopeWriter.write(envelope, folder.target());
            poison = repeated;
            stage = MessageStageException.Stage.PROCESSING;
        }
        return new ArchivedEnvelope(envelope,
                poison == null ? null : new PoisonMessageException(stage, account, uidl, poison, null));
    }
}
