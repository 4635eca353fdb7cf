package io.github.camelpop3ingest.invoice;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.camelpop3ingest.durable.DurableFiles;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.exchange.MessageKey;
import io.github.camelpop3ingest.mime.MessageSource;
import io.github.camelpop3ingest.mime.MimeSplitter;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the e-invoices of one message for the {@code einvoice-extract-action} Kamelet: a raw RFC 822 message (file,
 * bytes or stream, as the POP3 source emits it) is split into a temporary folder that is removed afterwards; an
 * {@link Envelope} from the archive step is read in its archive folder.
 * <p>
 * An input that is no message fails with {@link NotAMessageException}; a corrupt invoice is reported in the result
 * with its problems and {@code needsReview}, like the archive reports it.
 */
public class InvoiceExtractor extends ServiceSupport {

    public static final boolean DEFAULT_INCLUDE_CANDIDATES = true;

    private static final Logger LOG = LoggerFactory.getLogger(InvoiceExtractor.class);
    private static final String TEMP_PREFIX = "einvoice-extract-";
    private static final String MESSAGE_FILE = "message.eml";
    /** RFC 5322 field name (printable ASCII but the colon), obsolete white space before the colon allowed. */
    private static final Pattern HEADER_FIELD = Pattern.compile("^[\\x21-\\x39\\x3B-\\x7E]+[ \\t]*:");
    // A header line is at most 998 octets (RFC 5322); an mbox "From " line comes first at most once.
    private static final int HEAD_BYTES = 2 * 1000;
    private static final int SHOWN_BYTES = 16;

    private final MimeSplitter splitter = new MimeSplitter();
    private final InvoiceRecognizer recognizer = new InvoiceRecognizer();
    private boolean includeCandidates = DEFAULT_INCLUDE_CANDIDATES;
    private Path stateDir;
    private Path workDir;
    private InvoiceDuplicates duplicates;

    @Override
    protected void doStart() throws Exception {
        if (workDir != null) {
            try {
                Files.createDirectories(workDir);
            } catch (IOException e) {
                throw new IllegalArgumentException("Work directory " + workDir + " of the invoice extraction cannot be "
                        + "created: " + e, e);
            }
        }
        if (stateDir != null) {
            duplicates = new InvoiceDuplicates(stateDir);
            duplicates.start();
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (duplicates != null) {
            duplicates.stop();
            duplicates = null;
        }
    }

    /**
     * Extracts the invoices of the exchange's message, sets {@link #IngestExchange.INVOICE_COUNT} and
     * {@link #IngestExchange.INVOICE_NEEDS_REVIEW}, and returns the result as the new body.
     */
    @Handler
    public InvoiceExtraction extract(Exchange exchange) throws IOException {
        requireStarted();
        Message in = exchange.getIn();
        String key = in.getHeader(IngestExchange.KEY, String.class);
        InvoiceExtraction result;
        if (in.getBody() instanceof Envelope envelope) {
            Path folder = in.getHeader(IngestExchange.ARCHIVE_FOLDER, Path.class);
            if (folder == null) {
                throw new NotAMessageException("The body is an envelope but the header "
                        + IngestExchange.ARCHIVE_FOLDER + " that names its archive folder is missing; extract "
                        + "invoices right after the archiveWriter, or from the raw message");
            }
            result = extractArchived(envelope, folder, key);
        } else {
            result = extractMessage(in, key);
        }
        in.setHeader(IngestExchange.INVOICE_COUNT, result.invoices().size());
        in.setHeader(IngestExchange.INVOICE_NEEDS_REVIEW, result.needsReview());
        return result;
    }

    /** The invoices of a message the archive writer split into {@code folder} and described by {@code envelope}. */
    public InvoiceExtraction extractArchived(Envelope envelope, Path folder, String messageKey) {
        requireStarted();
        String key = messageKey != null ? messageKey
                : envelope.account() != null && envelope.uidl() != null ? new MessageKey(envelope.account(), envelope.uidl()).toString()
                : "sha256:" + envelope.sha256();
        return recognize(envelope, folder, key);
    }

    /**
     * The invoices of the raw message in {@code messageFile}; its parts are written to a temporary folder, removed
     * before this returns. Without {@code messageKey}, duplicates are told apart by the message's SHA-256.
     */
    public InvoiceExtraction extractMessage(Path messageFile, String messageKey) throws IOException {
        requireStarted();
        Path work = newWorkFolder();
        try {
            return extractIn(messageFile, work, messageKey);
        } finally {
            deleteQuietly(work);
        }
    }

    private InvoiceExtraction extractMessage(Message in, String messageKey) throws IOException {
        Object body = in.getBody();
        if (body == null) {
            throw new NotAMessageException("The body is empty; einvoice extraction needs an RFC 822 message");
        }
        // Only real files are read in place: Camel would convert a String body to a File named by its text.
        Path file = body instanceof File f ? f.toPath()
                : body instanceof Path p ? p
                : body instanceof WrappedFile<?> w && w.getFile() instanceof File wrapped ? wrapped.toPath()
                : null;
        if (file != null) {
            return extractMessage(file, messageKey);
        }
        Path work = newWorkFolder();
        try {
            Path copy = work.resolve(MESSAGE_FILE);
            try (InputStream stream = in.getMandatoryBody(InputStream.class)) {
                Files.copy(stream, copy);
            } catch (InvalidPayloadException e) {
                throw new NotAMessageException("The body, a " + body.getClass().getName() + ", cannot be read as an "
                        + "RFC 822 message: " + e.getMessage());
            }
            return extractIn(copy, work, messageKey);
        } finally {
            deleteQuietly(work);
        }
    }

    /** Started, its duplicates journal is loaded; before, an extraction would miss the resends it should flag. */
    private void requireStarted() {
        if (!isStarted()) {
            throw new IllegalStateException("invoiceExtractor is not started: start it with the Camel context "
                    + "(initMethod: start on a YAML bean, as the einvoice-extract-action Kamelet declares it)");
        }
    }

    private Path newWorkFolder() throws IOException {
        return workDir == null ? Files.createTempDirectory(TEMP_PREFIX)
                : Files.createTempDirectory(workDir, TEMP_PREFIX);
    }

    private InvoiceExtraction extractIn(Path messageFile, Path work, String messageKey) throws IOException {
        checkStartsWithHeader(messageFile);
        MessageSource source = new MessageSource(null, null, Instant.now());
        Envelope envelope = Envelope.of(splitter.split(messageFile, work, source));
        return recognize(envelope, work, messageKey != null ? messageKey : "sha256:" + envelope.sha256());
    }

    private InvoiceExtraction recognize(Envelope envelope, Path folder, String messageKey) {
        InvoiceRecognizer.Result found = new InvoiceFinder(recognizer, duplicates).find(folder, envelope, messageKey,
                null, null);
        List<Invoice> invoices = new ArrayList<>();
        for (Invoice invoice : found.invoices()) {
            if (includeCandidates || !Invoice.PDF_CANDIDATE.equals(invoice.format())) {
                invoices.add(invoice);
            }
        }
        return new InvoiceExtraction(InvoiceExtraction.SCHEMA_VERSION, messageKey, envelope.messageId(),
                envelope.subject(), invoices, found.problems());
    }

    /** A message starts with a header field (after an mbox "From " line); a PDF, an XML file or nothing does not. */
    private static void checkStartsWithHeader(Path messageFile) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(messageFile)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        if (head.length == 0) {
            throw new NotAMessageException("The message is empty (0 bytes); einvoice extraction needs an RFC 822 "
                    + "message");
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int start = 0;
        if (text.startsWith("From ")) {
            int eol = text.indexOf('\n');
            start = eol < 0 ? text.length() : eol + 1;
        }
        if (!HEADER_FIELD.matcher(text.substring(start)).find()) {
            throw new NotAMessageException("The input is not an RFC 822 message: it does not start with a header "
                    + "field but with '" + shown(head, start) + "'");
        }
    }

    /** The first bytes, printable ASCII as is and everything else escaped, to name what the input was instead. */
    private static String shown(byte[] head, int start) {
        StringBuilder shown = new StringBuilder();
        for (int i = start; i < head.length && i < start + SHOWN_BYTES; i++) {
            int b = head[i] & 0xFF;
            shown.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b));
        }
        return shown.toString();
    }

    private static void deleteQuietly(Path dir) {
        try {
            DurableFiles.deleteTree(dir);
        } catch (IOException e) {
            // The result is complete; a leftover temporary folder costs disk space, not correctness.
            LOG.warn("Ignoring that the temporary folder {} could not be removed: {}", dir, e.toString());
        }
    }

    /** Whether PDFs without embedded invoice data are reported as candidates with needsReview; default true. */
    public void setIncludeCandidates(boolean includeCandidates) {
        this.includeCandidates = includeCandidates;
    }

    public boolean isIncludeCandidates() {
        return includeCandidates;
    }

    /**
     * Whether each structured invoice is validated against its rule set into {@code validation} (EN 16931, XRechnung,
     * Peppol BIS); default false. True fails at once, naming it, when a rule package is not on the classpath.
     */
    public void setValidate(boolean validate) {
        recognizer.setValidate(validate);
    }

    public boolean isValidate() {
        return recognizer.isValidate();
    }

    /** Where the duplicates journal lives ({@code <stateDir>/invoices}); blank or unset means no duplicate check. */
    public void setStateDir(String stateDir) {
        this.stateDir = stateDir == null || stateDir.isBlank() ? null : Path.of(stateDir);
    }

    public String getStateDir() {
        return stateDir == null ? null : stateDir.toString();
    }

    /** Where raw messages are split while they are read; blank or unset means the JVM's temporary folder. */
    public void setWorkDir(String workDir) {
        this.workDir = workDir == null || workDir.isBlank() ? null : Path.of(workDir);
    }

    public String getWorkDir() {
        return workDir == null ? null : workDir.toString();
    }
}
