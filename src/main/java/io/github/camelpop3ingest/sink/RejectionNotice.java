package io.github.camelpop3ingest.sink;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.Invoice;
import io.github.camelpop3ingest.invoice.InvoiceValidation;
import io.github.camelpop3ingest.mime.MessageHeaders;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rejection notice sink: answers a message whose e-invoices failed validation with one plain-text mail that
 * names each invalid invoice and the rules it breaks, sent through a camel-mail SMTP endpoint.
 * <p>
 * It answers only where an automatic reply is safe (RFC 3834; {@link AutoReplyCheck} says when) and at most once a
 * day per sender and invoice number ({@link NoticeLedger}). Every outcome is written to the header
 * {@value #IngestExchange.NOTICE}: {@code sent to <address>}, {@code skipped: <reason>} or {@code refused: <server reply>}.
 * A skip and a refusal are not errors: the message is delivered all the same. An SMTP server that cannot be reached,
 * answers 4xx, refuses our login or our sender address raises a {@link RetryableDeliveryException}, which the
 * delivery route retries and finally quarantines. The SMTP password never appears in a log line or exception message.
 * <p>
 * The notice is a {@link MimeMessage} built here and handed to the endpoint as the body of a fresh exchange:
 * camel-mail sends such a body as it is, and none of the original exchange's headers can reach the mail.
 */
@ManagedResource(description = "Rejection notices for invalid e-invoices")
public class RejectionNotice extends ServiceSupport implements Processor, CamelContextAware {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "rejectionNotice";
    /** The sink's name in {@link DeliveryException#sink()}. */
    public static final String SINK = "notice";
    /** Header on every notice we send; a message that carries it is never answered. */
    public static final String NOTICE_MARK_HEADER = AutoReplyCheck.NOTICE_MARK_HEADER;
    /** How much of {@code message.eml} is read to find its header block. */
    public static final int MAX_HEADER_BYTES = 256 * 1024;
    /** Errors listed per invoice in a notice. */
    public static final int MAX_ERRORS_PER_INVOICE = RejectionNoticeMessage.MAX_ERRORS_PER_INVOICE;

    static final String SKIPPED = "skipped: ";
    static final String NO_INVALID_INVOICE = SKIPPED + "no invalid invoice";
    static final String ALREADY_ANSWERED = SKIPPED + "already answered within 24 hours";

    private static final Logger LOG = LoggerFactory.getLogger(RejectionNotice.class);

    private CamelContext camelContext;
    private String from;
    private String endpointUri;
    private Endpoint endpoint;
    private Path ledgerFile;
    private Clock clock = Clock.systemUTC();

    private InternetAddress sender;
    private Endpoint target;
    private String smtpName;
    private SmtpSendFailures failures;
    private NoticeLedger ledger;
    private ProducerTemplate template;
    // Check, send and record happen as one step, so that two exchanges of one sender cannot both send.
    private final Object sendLock = new Object();

    @Override
    protected void doStart() throws Exception {
        if (camelContext == null) {
            throw new IllegalStateException("RejectionNotice needs a CamelContext; declare it as a bean of the Camel"
                    + " context");
        }
        sender = validatedFrom(from);
        if (ledgerFile == null) {
            throw new IllegalArgumentException("RejectionNotice.ledgerFile is required: the file that remembers which"
                    + " notices were sent in the last 24 hours");
        }
        target = endpoint != null ? endpoint : endpointFromUri();
        String password = null;
        if (target instanceof MailEndpoint mail) {
            MailConfiguration configuration = mail.getConfiguration();
            String protocol = configuration.getProtocol();
            if (!"smtp".equalsIgnoreCase(protocol) && !"smtps".equalsIgnoreCase(protocol)) {
                throw new IllegalArgumentException("RejectionNotice sends mail, so its endpoint must use smtp or smtps,"
                        + " not " + protocol);
            }
            password = configuration.getPassword();
            smtpName = protocol + "://" + configuration.getHost()
                    + (configuration.getPort() > 0 ? ":" + configuration.getPort() : "");
        } else {
            smtpName = URISupport.sanitizeUri(target.getEndpointUri());
        }
        failures = new SmtpSendFailures(smtpName, sender.getAddress(), password);
        ledger = new NoticeLedger(ledgerFile, clock);
        ServiceHelper.startService(target);
        template = camelContext.createProducerTemplate();
        template.start();
        LOG.info("Rejection notices go from {} through {}; ledger {} remembers {} notices", sender.getAddress(),
                smtpName, ledger.file(), ledger.size());
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(template);
        template = null;
    }

    private static InternetAddress validatedFrom(String from) {
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("RejectionNotice.from is required: the address our notices come from,"
                    + " e.g. invoices@example.com");
        }
        try {
            InternetAddress address = new InternetAddress(from.strip(), true);
            if (address.getAddress().indexOf('@') <= 0) {
                throw new AddressException("no domain", from);
            }
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException("RejectionNotice.from '" + from + "' is not a mail address ("
                    + e.getMessage() + "), e.g. invoices@example.com", e);
        }
    }

    private Endpoint endpointFromUri() {
        if (endpointUri == null || endpointUri.isBlank()) {
            throw new IllegalArgumentException("RejectionNotice needs endpointUri (e.g. smtps://smtp.example.com:465)"
                    + " or an endpoint set with setEndpoint");
        }
        return camelContext.getEndpoint(endpointUri);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (!isStarted()) {
            throw new IllegalStateException("RejectionNotice is not started; declare it with initMethod: start");
        }
        Envelope envelope = ArchiveWriter.envelopeOf(exchange);
        if (envelope == null) {
            throw new PermanentDeliveryException(SINK, "the exchange has no " + IngestExchange.ENVELOPE_PROPERTY
                    + " property; put the archiveWriter before the rejection notice", null);
        }
        List<Invoice> invalid = envelope.invoices().stream()
                .filter(i -> i.validation() != null && i.validation().status() == InvoiceValidation.Status.INVALID)
                .toList();
        String message = describe(envelope, exchange);
        if (invalid.isEmpty()) {
            LOG.debug("No rejection notice for message {}: no invalid invoice", message);
            IngestExchange.setNotice(exchange, NO_INVALID_INVOICE);
            return;
        }
        AutoReplyCheck.Verdict verdict = AutoReplyCheck.check(headers(exchange, message), sender.getAddress());
        if (!verdict.answers()) {
            skip(exchange, message, verdict.skipReason());
            return;
        }
        String recipient = verdict.recipient();
        String subject;
        synchronized (sendLock) {
            Map<String, Invoice> unanswered = new LinkedHashMap<>();
            for (Invoice invoice : invalid) {
                String key = NoticeLedger.key(recipient, invoiceKey(invoice));
                if (!ledger.answeredWithin(key)) {
                    unanswered.putIfAbsent(key, invoice);
                }
            }
            if (unanswered.isEmpty()) {
                skip(exchange, message, ALREADY_ANSWERED.substring(SKIPPED.length()));
                return;
            }
            List<Invoice> invoices = new ArrayList<>(unanswered.values());
            subject = RejectionNoticeMessage.subject(invoices);
            MimeMessage notice = RejectionNoticeMessage.compose(sender, recipient, envelope, invoices, clock.instant());
            Exchange sent = template.send(target, out -> out.getIn().setBody(notice));
            if (sent.getException() != null) {
                String refusal = SmtpSendFailures.refusal(sent.getException());
                if (refusal == null) {
                    throw failures.retryable(sent.getException(), message, recipient);
                }
                LOG.warn("Rejection notice for message {} to {} refused by {}: {}; not retried", message, recipient,
                        smtpName, refusal);
                IngestExchange.setNotice(exchange, "refused: " + refusal);
                return;
            }
            remember(unanswered.keySet(), message);
        }
        LOG.info("Sent rejection notice for message {} to {} through {}: {}", message, recipient, smtpName, subject);
        IngestExchange.setNotice(exchange, "sent to " + recipient);
    }

    private static void skip(Exchange exchange, String message, String reason) {
        LOG.info("No rejection notice for message {}: {}", message, reason);
        IngestExchange.setNotice(exchange, SKIPPED + reason);
    }

    private void remember(Set<String> keys, String message) {
        try {
            ledger.record(keys);
        } catch (IOException e) {
            // The notice is out and the ledger remembers it in memory; retrying would send it a second time.
            LOG.warn("Rejection notice for message {} was sent, but the ledger {} cannot be written ({}); after a"
                    + " restart within 24 hours the same invoice may be answered again", message, ledger.file(),
                    e.toString());
        }
    }

    /** The number a notice is remembered by; an invoice without one by the file it came from. */
    private static String invoiceKey(Invoice invoice) {
        return invoice.number() != null && !invoice.number().isBlank() ? invoice.number().strip()
                : "file " + invoice.path();
    }

    private static MessageHeaders headers(Exchange exchange, String message) {
        Object value = exchange.getIn().getHeader(IngestExchange.ARCHIVE_FOLDER);
        if (value == null) {
            throw new PermanentDeliveryException(SINK, "the exchange has no " + IngestExchange.ARCHIVE_FOLDER
                    + " header; put the archiveWriter before the rejection notice", null);
        }
        Path folder = value instanceof Path path ? path : Path.of(value.toString());
        Path file = folder.resolve(ArchiveWriter.MESSAGE_FILE);
        try {
            MessageHeaders headers = MessageHeaders.read(file, MAX_HEADER_BYTES);
            if (headers.truncated()) {
                LOG.debug("Header block of message {} is longer than {} bytes; checking its start", message,
                        MAX_HEADER_BYTES);
            }
            return headers;
        } catch (NoSuchFileException e) {
            throw new PermanentDeliveryException(SINK, "message " + message + " has no " + file, e);
        } catch (IOException e) {
            throw new RetryableDeliveryException(SINK, "cannot read the header of message " + message + " from "
                    + file + ": " + e, null, e);
        }
    }

    /** The message as logs name it: Message-ID and UIDL, whichever are known. */
    private static String describe(Envelope envelope, Exchange exchange) {
        String uidl = IngestExchange.uidl(exchange);
        if (uidl == null) {
            uidl = envelope.uidl();
        }
        String id = envelope.messageId() == null ? null : RejectionNoticeMessage.oneLine(envelope.messageId(), 200);
        if (id == null || id.isEmpty()) {
            return uidl == null ? "(no Message-ID)" : "UIDL " + uidl;
        }
        return id + (uidl == null ? "" : " (UIDL " + uidl + ")");
    }

    @ManagedAttribute(description = "The SMTP server the notices go through, without credentials")
    public String getSmtpServer() {
        return smtpName;
    }

    @ManagedAttribute(description = "Notices remembered for the rate limit")
    public int getRememberedNotices() {
        return ledger == null ? 0 : ledger.size();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** The address our notices come from, e.g. {@code Invoice Desk <invoices@example.com>}; required. */
    public void setFrom(String from) {
        this.from = from;
    }

    /** The camel-mail producer URI, {@code smtp://host:port} or {@code smtps://host:465?username=…}; or set an endpoint. */
    public void setEndpointUri(String endpointUri) {
        this.endpointUri = endpointUri;
    }

    /** A configured endpoint instead of {@link #setEndpointUri}, e.g. one whose password is no part of a URI. */
    public void setEndpoint(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The file that remembers the notices of the last 24 hours; required. */
    public void setLedgerFile(Path ledgerFile) {
        this.ledgerFile = ledgerFile;
    }

    /** {@link #setLedgerFile(Path)} from a setting's text. */
    public void setLedgerFile(String ledgerFile) {
        this.ledgerFile = ledgerFile == null || ledgerFile.isBlank() ? null : Path.of(ledgerFile);
    }

    /** The clock of the 24-hour rate limit and of the notices' Date; the system clock unless a test sets one. */
    public void setClock(Clock clock) {
        this.clock = clock;
    }
}
