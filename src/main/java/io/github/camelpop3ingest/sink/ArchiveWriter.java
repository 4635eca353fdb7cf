package io.github.camelpop3ingest.sink;

import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelpop3ingest.exchange.MessageKey;
import io.github.camelpop3ingest.exchange.CommitPoint;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.durable.DurableFiles;
import io.github.camelpop3ingest.invoice.Invoice;
import io.github.camelpop3ingest.invoice.InvoiceDuplicates;
import io.github.camelpop3ingest.invoice.InvoiceFinder;
import io.github.camelpop3ingest.invoice.InvoiceRecognizer;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.mime.MessageSource;
import io.github.camelpop3ingest.mime.MimeSplitter;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file archive sink: one folder per message holding {@code message.eml} byte-exact, {@code envelope.json} and
 * every part under {@code parts/}; the folder appears atomically, and is durable before the message's key is
 * confirmed: at once, or at the commit point of the poll's {@link CommitPoint} when the exchange carries one.
 * <p>
 * Layout: {@code <archiveDir>/<account>/<uidl>/}, both names percent-encoded by {@link ArchiveNames}. A message whose
 * folder already exists (archived before a crash kept its key from being confirmed) is not written twice, unless
 * its {@code message.eml} differs from the bytes fetched again (a write cut short by a power loss): then it is
 * replaced.
 */
@ManagedResource(description = "File archive of POP3 messages")
public class ArchiveWriter extends ServiceSupport {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "archiveWriter";
    public static final String MESSAGE_FILE = "message.eml";
    /** How the audit log names this sink. */
    public static final String SINK_NAME = "archive";

    private static final String TEMP_PREFIX = ".tmp-";
    /** Starts the envelope problem of a message archived as poison; a refetch after a crash finds it by this. */
    static final String POISON_PREFIX = "processing failed for good: ";
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);

    private Path archiveDir;
    private MimeSplitter splitter = new MimeSplitter();
    private EnvelopeWriter envelopeWriter = new EnvelopeWriter();
    private InvoiceRecognizer invoiceRecognizer;
    private InvoiceDuplicates invoiceDuplicates;
    private final AtomicLong archived = new AtomicLong();

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
        removeTemporaryFolders();
    }

    /** A crash mid-write leaves a temporary folder that was never renamed into place; its message was not confirmed. */
    private void removeTemporaryFolders() throws IOException {
        try (DirectoryStream<Path> accounts = Files.newDirectoryStream(archiveDir, Files::isDirectory)) {
            for (Path account : accounts) {
                try (DirectoryStream<Path> temps = Files.newDirectoryStream(account, TEMP_PREFIX + "*")) {
                    for (Path temp : temps) {
                        LOG.info("Removing incomplete archive folder {} left by an earlier run", temp);
                        DurableFiles.deleteTree(temp);
                    }
                }
            }
        }
    }

    /**
     * Archives the message in the exchange body (a file, as the pop3-ingest consumer delivers it) and replaces the
     * body with its {@link Envelope}.
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
            // Beans declared without initMethod are not started by Camel; the checks of doStart still apply.
            start();
        }
        File body = exchange.getIn().getMandatoryBody(File.class);
        String account = IngestExchange.account(exchange);
        String uidl = IngestExchange.uidl(exchange);
        if (account == null || uidl == null) {
            throw new IllegalArgumentException("archiveWriter needs the headers " + IngestExchange.ACCOUNT + " and "
                    + IngestExchange.UIDL + ", which the pop3-ingest consumer sets");
        }
        Instant receivedAt = exchange.getIn().getHeader(IngestExchange.RECEIVED_AT, Instant.now(), Instant.class);
        String messageKey = exchange.getIn().getHeader(IngestExchange.KEY, new MessageKey(account, uidl).toString(),
                String.class);
        Path accountDir = archiveDir.resolve(ArchiveNames.encode(account));
        Path target = accountDir.resolve(ArchiveNames.encode(uidl));
        Path temp = temporaryFolder(accountDir, uidl);
        IngestExchange.setArchiveFolder(exchange, target);
        CommitPoint batch = IngestExchange.commitPoint(exchange);
        boolean replacing = false;
        if (Files.isRegularFile(target.resolve(EnvelopeWriter.FILE_NAME))) {
            Envelope existing = sameMessage(target, body.toPath());
            if (existing != null) {
                keepArchived(exchange, existing, target, temp, body.toPath(), messageKey, batch);
                return;
            }
            LOG.warn("The archived copy of {} of {} in {} differs from the message fetched again (a write cut short "
                    + "by a power loss?); replacing it", uidl, account, target);
            replacing = true;
        }
        Path eml = temp.resolve(MESSAGE_FILE);
        Written written;
        try {
            Files.createDirectories(accountDir);
            removeLeftover(temp, body.toPath());
            Files.createDirectory(temp);
            moveOrCopy(body.toPath(), eml);
            written = write(exchange, eml, temp, new MessageSource(account, uidl, receivedAt), messageKey, batch);
            if (replacing) {
                replace(temp, target);
            } else if (batch == null) {
                DurableFiles.publishFolder(temp, target);
            } else {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (Throwable e) {
            // The retry, or the next poll's attempt, needs the message bytes the spool held.
            restoreSpool(eml, body.toPath());
            DurableFiles.deleteTree(temp);
            if (e instanceof MessageStageException stageFailure) {
                throw stageFailure;
            }
            if (e instanceof Exception || e instanceof StackOverflowError || e instanceof OutOfMemoryError) {
                throw new MessageStageException(MessageStageException.Stage.ARCHIVE, account, uidl,
                        MessageStageException.rootCause(e), e);
            }
            throw e;
        }
        durable(batch, target);
        archived.incrementAndGet();
        IngestExchange.setEnvelope(exchange, written.envelope());
        exchange.getIn().setBody(written.envelope());
        logProblems(written.envelope());
        if (written.poison() != null) {
            throw written.poison();
        }
        AuditLog.confirmed(exchange, SINK_NAME);
    }

    /**
     * A message fetched again whose folder holds exactly these bytes: it is not written twice. It is still a poison
     * message if it was one (a crash kept it from quarantine), or becomes one when a later step of the route keeps
     * failing on it.
     */
    private void keepArchived(Exchange exchange, Envelope existing, Path target, Path temp, Path spooled,
            String messageKey, CommitPoint batch) throws IOException {
        String account = existing.account();
        String uidl = existing.uidl();
        LOG.info("{} of {} is already archived in {}; not writing it again", uidl, account, target);
        removeLeftover(temp, spooled);
        // Written before a crash kept its key from being confirmed, perhaps not forced to disk yet.
        durable(batch, target);
        // Its invoice-duplicate entries were not journalled either: they are flushed before keys are confirmed.
        registerAgain(existing, messageKey, batch);
        exchange.getIn().setHeader(IngestExchange.ALREADY_ARCHIVED, true);
        Envelope envelope = existing;
        String poison = poisonProblem(existing);
        MessageStageException.Stage stage = MessageStageException.Stage.ARCHIVE;
        String repeated = IngestExchange.repeatedFailure(exchange);
        if (poison == null && repeated != null) {
            envelope = existing.withInvoices(existing.invoices(), List.of(POISON_PREFIX + repeated));
            envelopeWriter.write(envelope, target);
            poison = repeated;
            stage = MessageStageException.Stage.PROCESSING;
        }
        IngestExchange.setEnvelope(exchange, envelope);
        exchange.getIn().setBody(envelope);
        if (poison != null) {
            throw new PoisonMessageException(stage, account, uidl, poison, null);
        }
        AuditLog.confirmed(exchange, SINK_NAME);
    }

    /** The envelope written into the temporary folder, and the poison failure when the message is one. */
    private record Written(Envelope envelope, PoisonMessageException poison) {
    }

    /**
     * Splits the message, reads its invoices and writes its envelope into {@code temp}. A parser's memory or stack
     * error, or a failure the consumer saw repeat on this message, turns it into poison: archived unsplit or without
     * its invoices, the failure named in the envelope. I/O failures are thrown: they may pass.
     */
    private Written write(Exchange exchange, Path eml, Path temp, MessageSource source, String messageKey,
            CommitPoint batch) throws IOException {
        String account = source.account();
        String uidl = source.uidl();
        String repeated = IngestExchange.repeatedFailure(exchange);
        String headersOnly = IngestExchange.headersOnly(exchange);
        Envelope envelope;
        PoisonMessageException poison = null;
        if (headersOnly != null) {
            // A message over maxMessageSize: only its header was read, and that is all there is to describe.
            envelope = Envelope.of(splitter.describeUnsplit(eml, source, headersOnly));
        } else if (repeated != null) {
            String problem = POISON_PREFIX + repeated + "; archived unsplit";
            envelope = Envelope.of(splitter.describeUnsplit(eml, source, problem));
            poison = new PoisonMessageException(MessageStageException.Stage.PROCESSING, account, uidl, repeated, null);
        } else {
            try {
                envelope = Envelope.of(splitter.split(eml, temp, source));
            } catch (IOException e) {
                throw new MessageStageException(MessageStageException.Stage.SPLIT, account, uidl,
                        MessageStageException.rootCause(e), e);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                // The parser gave up on these bytes and will again: whatever it wrote goes, the message stays.
                String what = MessageStageException.rootCause(e);
                LOG.error("Splitting {} of {} failed ({}); archiving it unsplit and sending it to quarantine", uidl,
                        account, what);
                DurableFiles.deleteTree(temp.resolve(MimeSplitter.PARTS_DIR));
                envelope = Envelope.of(splitter.describeUnsplit(eml, source, POISON_PREFIX + "split failed: " + what
                        + "; archived unsplit"));
                poison = new PoisonMessageException(MessageStageException.Stage.SPLIT, account, uidl, what, e);
            }
            if (invoiceRecognizer != null && poison == null) {
                InvoiceStage invoices = withInvoices(envelope, temp, messageKey, batch);
                envelope = invoices.envelope();
                if (invoices.crash() != null) {
                    LOG.error("Reading the invoices of {} of {} failed ({}); archiving it with the invoice marked "
                            + "for review and sending it to quarantine", uidl, account, invoices.crash());
                    poison = new PoisonMessageException(MessageStageException.Stage.INVOICE, account, uidl,
                            invoices.crash(), null);
                }
            }
        }
        envelopeWriter.writeNew(envelope, temp);
        return new Written(envelope, poison);
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

    /** The problem that marks an archived message as poison, or null when it is none. */
    static String poisonProblem(Envelope envelope) {
        for (String problem : envelope.problems()) {
            if (problem.startsWith(POISON_PREFIX)) {
                return problem.substring(POISON_PREFIX.length());
            }
        }
        return null;
    }

    /** Moves the message back where the spool had it, unless it is there already (a copy across file systems). */
    private static void restoreSpool(Path eml, Path spooled) {
        try {
            if (Files.exists(eml) && !Files.exists(spooled)) {
                Files.move(eml, spooled, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not put {} back to {} ({}); the message is fetched again on the next poll", eml, spooled,
                    e.toString());
        }
    }

    /**
     * The folder a message is written in before it is renamed into place: one name per message, so that the folder a
     * writer left when it died mid-write is found in constant time, not by listing an account folder that holds every
     * archived message (that listing, once per message, made the archive quadratic).
     */
    private static Path temporaryFolder(Path accountDir, String uidl) {
        return accountDir.resolve(TEMP_PREFIX + ArchiveNames.encode(uidl));
    }

    /**
     * Removes the folder a writer of this message left when it died mid-write: start-up removes such folders too, but
     * in a cluster the instance that takes over a mailbox may have started long before. When that folder holds the
     * bytes the spool no longer has (an attempt that died before it could put them back), they go back first.
     */
    private static void removeLeftover(Path temp, Path spooled) throws IOException {
        if (Files.exists(temp)) {
            LOG.info("Removing incomplete archive folder {} left by an earlier run", temp);
            restoreSpool(temp.resolve(MESSAGE_FILE), spooled);
            DurableFiles.deleteTree(temp);
        }
    }

    /**
     * With a batch, the folder is renamed into place at once (later steps name it) and forced to disk at the poll's
     * commit point, before the message's key is confirmed; without one, {@link DurableFiles#publishFolder} forced it.
     */
    private static void durable(CommitPoint batch, Path folder) {
        if (batch != null) {
            batch.add(folder, () -> DurableFiles.forceTree(folder));
            Path parent = folder.getParent();
            batch.add(parent, () -> DurableFiles.forceDirectory(parent));
        }
    }

    /** The archived envelope when the folder holds exactly these message bytes and a readable envelope, else null. */
    private Envelope sameMessage(Path folder, Path fetched) {
        try {
            if (Files.mismatch(folder.resolve(MESSAGE_FILE), fetched) != -1L) {
                return null;
            }
            return envelopeWriter.read(folder);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Archived folder {} cannot be read back: {}", folder, e.toString());
            return null;
        }
    }

    /** Swaps a freshly written folder in for a damaged one, which is moved aside and then removed. */
    private static void replace(Path temp, Path target) throws IOException {
        DurableFiles.forceTree(temp);
        Path old = target.resolveSibling(TEMP_PREFIX + "replaced-" + target.getFileName() + "-" + UUID.randomUUID());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.forceDirectory(target.getParent());
        DurableFiles.deleteTree(old);
    }

    /** The envelope with its invoices, and what crashed while reading them (null when nothing did). */
    private record InvoiceStage(Envelope envelope, String crash) {
    }

    /**
     * With a batch, new invoice-duplicate entries are journalled together at the commit point (one fsync per batch,
     * not one per invoice), before the message's key is confirmed. A crash of the recognition as a whole (one part's
     * crash is contained by the recognizer) leaves the message with one invoice entry marked for review.
     */
    private InvoiceStage withInvoices(Envelope envelope, Path folder, String messageKey, CommitPoint batch) {
        InvoiceRecognizer.Result found = new InvoiceFinder(invoiceRecognizer, invoiceDuplicates).find(folder,
                envelope, messageKey, batch, MessageStageException::rootCause);
        List<String> problems = found.problems();
        if (found.crash() != null) {
            problems = new ArrayList<>(problems);
            problems.add(POISON_PREFIX + "invoice recognition failed: " + found.crash());
        }
        return new InvoiceStage(envelope.withInvoices(found.invoices(), problems), found.crash());
    }

    /**
     * Registers the invoices of a message found already archived: its entries were flushed only with its key's
     * confirmation, which a crash prevented, so without this its resends would not be flagged.
     */
    private void registerAgain(Envelope archived, String messageKey, CommitPoint batch) {
        new InvoiceFinder(invoiceRecognizer, invoiceDuplicates).register(archived.invoices(), messageKey,
                batch);
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

    private static void moveOrCopy(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Spool and archive on different filesystems: copy; the spool file is removed by the consumer.
            Files.copy(from, to);
        }
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

    public void setEnvelopeWriter(EnvelopeWriter envelopeWriter) {
        this.envelopeWriter = envelopeWriter;
    }
}
