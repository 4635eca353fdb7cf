package io.github.camelpop3ingest.archive;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelpop3ingest.exchange.CommitPoint;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.invoice.Invoice;
import io.github.camelpop3ingest.invoice.InvoiceDuplicates;
import io.github.camelpop3ingest.invoice.InvoiceRecognizer;
import io.github.camelpop3ingest.mime.MimeSplitter;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive step: one folder per message holding {@code message.eml} byte-exact, {@code envelope.json} and every
 * part under {@code parts/}; the folder appears atomically, and is durable before the message's key is confirmed: at
 * once, or at the commit point of the poll's {@link CommitPoint} when the exchange carries one.
 * <p>
 * Layout: {@code <archiveDir>/<account>/<uidl>/}, both names percent-encoded by {@link ArchiveNames}. A message whose
 * folder already exists (archived before a crash kept its key from being confirmed) is not written twice, unless
 * its {@code message.eml} differs from the bytes fetched again (a write cut short by a power loss): then it is
 * replaced.
 * <p>
 * Camel starts it: a route's bean step does, as does {@code initMethod: start} on a YAML bean or
 * {@code CamelContext.addService}; it refuses messages before.
 */
@ManagedResource(description = "File archive of POP3 messages")
public class ArchiveWriter extends ServiceSupport {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "archiveWriter";
    public static final String MESSAGE_FILE = ArchiveFolder.MESSAGE_FILE;
    /** How the audit log names this sink. */
    public static final String SINK_NAME = "archive";

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);

    private Path archiveDir;
    private MimeSplitter splitter = new MimeSplitter();
    private final EnvelopeWriter envelopeWriter = new EnvelopeWriter();
    private InvoiceRecognizer invoiceRecognizer;
    private InvoiceDuplicates invoiceDuplicates;
    private final AtomicLong archived = new AtomicLong();
    // Built from the settings when the bean starts; the status written after doStart publishes them to every thread.
    private EnvelopeAssembler assembler;
    private ArchiveRefetch refetch;

    public ArchiveWriter() {
    }

    public ArchiveWriter(Path archiveDir) {
        this.archiveDir = archiveDir;
    }

    @Override
    protected void doStart() throws Exception {
        if (archiveDir == null) {
            throw new IllegalArgumentException("ArchiveWriter needs archiveDir, the folder that receives the messages");
        }
        try {
            Files.createDirectories(archiveDir);
        } catch (IOException e) {
            throw new IllegalArgumentException("Archive directory " + archiveDir + " cannot be created: " + e, e);
        }
        if (!Files.isDirectory(archiveDir) || !Files.isWritable(archiveDir)) {
            throw new IllegalArgumentException("Archive directory " + archiveDir + " is not a writable directory");
        }
        ArchiveFolder.removeTemporaryFolders(archiveDir);
        // Its journal must be loaded before the first message; who bound it stops it.
        ServiceHelper.startService(invoiceDuplicates);
        assembler = new EnvelopeAssembler(splitter, envelopeWriter, invoiceRecognizer, invoiceDuplicates);
        refetch = new ArchiveRefetch(envelopeWriter, invoiceDuplicates);
    }

    /**
     * Archives the message in the exchange body (a file, as the pop3-ingest consumer delivers it) and replaces the
     * body with its {@link Envelope}: split → recognize invoices → write envelope → publish the folder → force it at
     * the commit point.
     * <p>
     * A failure is thrown as a {@link MessageStageException} naming the message, the stage and the root cause, and
     * the spooled file is put back, so that a retry has the bytes it needs. A message that cannot be split or read
     * for good (a memory or stack error in a parser, or {@link IngestExchange#REPEATED_FAILURE} set by the consumer) is
     * archived anyway, unsplit or without its invoices, with the failure as a problem, and then a
     * {@link PoisonMessageException} sends it to quarantine.
     */
    @Handler
    public void archive(Exchange exchange) throws Exception {
        if (!isStarted()) {
            throw new IllegalStateException("archiveWriter is not started: start it with the Camel context (a route's "
                    + "bean step, initMethod: start on a YAML bean, or CamelContext.addService)");
        }
        Path spooled = exchange.getIn().getMandatoryBody(File.class).toPath();
        ArchiveRequest request = ArchiveRequest.of(exchange);
        ArchiveFolder folder = new ArchiveFolder(archiveDir, request.account(), request.uidl());
        IngestExchange.setArchiveFolder(exchange, folder.target());
        boolean replacing = false;
        if (ArchiveRefetch.isArchived(folder)) {
            Envelope existing = refetch.sameMessage(folder, spooled);
            if (existing != null) {
                ArchivedEnvelope kept = refetch.keep(existing, folder, spooled, request);
                exchange.getIn().setHeader(IngestExchange.ALREADY_ARCHIVED, true);
                finish(exchange, kept);
                return;
            }
            LOG.warn("The archived copy of {} of {} in {} differs from the message fetched again (a write cut short "
                    + "by a power loss?); replacing it", request.uidl(), request.account(), folder.target());
            replacing = true;
        }
        ArchivedEnvelope written;
        try {
            Path eml = folder.stage(spooled);
            written = assembler.assemble(eml, folder.temp(), request);
            folder.publish(request.commitPoint(), replacing);
        } catch (Throwable e) {
            folder.discard(spooled);
            if (e instanceof MessageStageException stageFailure) {
                throw stageFailure;
            }
            if (e instanceof Exception || e instanceof StackOverflowError || e instanceof OutOfMemoryError) {
                throw new MessageStageException(MessageStageException.Stage.ARCHIVE, request.account(),
                        request.uidl(), MessageStageException.rootCause(e), e);
            }
            throw e;
        }
        folder.forceAt(request.commitPoint());
        archived.incrementAndGet();
        logProblems(written.envelope());
        finish(exchange, written);
    }

    /** The envelope becomes the body; then the message goes to quarantine as poison, or counts as archived. */
    private static void finish(Exchange exchange, ArchivedEnvelope archived) throws PoisonMessageException {
        IngestExchange.setEnvelope(exchange, archived.envelope());
        exchange.getIn().setBody(archived.envelope());
        if (archived.poison() != null) {
            throw archived.poison();
        }
        IngestExchange.addConfirmedSink(exchange, SINK_NAME);
    }

    /**
     * One line for a message archived with problems (a limit it reached, a malformed part, an unreadable invoice), so
     * that the log says what the envelope says without anyone opening it.
     */
    private static void logProblems(Envelope envelope) {
        List<String> problems = new ArrayList<>(envelope.problems());
        for (Invoice invoice : envelope.invoices()) {
            for (String problem : invoice.problems()) {
                problems.add(invoice.path() + ": " + problem);
            }
        }
        if (!problems.isEmpty() && LOG.isInfoEnabled()) {
            String first = problems.get(0);
            LOG.info("{} of {} archived with {} problem{}: {}{}", envelope.uidl(), envelope.account(),
                    problems.size(), problems.size() == 1 ? "" : "s",
                    first.length() <= 400 ? first : first.substring(0, 397) + "...",
                    problems.size() == 1 ? "" : " (all in its envelope.json)");
        }
    }

    /** The archived {@code message.eml} of the exchange's message, e.g. to copy it elsewhere from a route. */
    public File messageFile(Exchange exchange) {
        Path folder = IngestExchange.archiveFolder(exchange);
        if (folder == null) {
            throw new IllegalStateException("The message is not archived yet: the header " + IngestExchange.ARCHIVE_FOLDER
                    + " is missing");
        }
        return folder.resolve(MESSAGE_FILE).toFile();
    }

    /** The envelope of the exchange's message, once the archive writer has seen it; null before. */
    public static Envelope envelopeOf(Exchange exchange) {
        Envelope envelope = IngestExchange.envelope(exchange, Envelope.class);
        if (envelope == null && exchange.getIn().getBody() instanceof Envelope body) {
            envelope = body;
        }
        return envelope;
    }

    @ManagedAttribute(description = "Folder that receives the messages")
    public String getArchiveDirName() {
        return String.valueOf(archiveDir);
    }

    @ManagedAttribute(description = "Messages archived since start")
    public long getArchivedCount() {
        return archived.get();
    }

    public Path getArchiveDir() {
        return archiveDir;
    }

    public void setArchiveDir(String archiveDir) {
        this.archiveDir = Path.of(archiveDir);
    }

    public void setSplitter(MimeSplitter splitter) {
        this.splitter = splitter;
    }

    /** Looks for e-invoices in every archived message; none when not set. */
    public void setInvoiceRecognizer(InvoiceRecognizer invoiceRecognizer) {
        this.invoiceRecognizer = invoiceRecognizer;
    }

    /** Flags invoices that an earlier message carried already; none when not set. */
    public void setInvoiceDuplicates(InvoiceDuplicates invoiceDuplicates) {
        this.invoiceDuplicates = invoiceDuplicates;
    }
}
