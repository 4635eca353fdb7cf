package io.github.camelpop3ingest.exchange;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.Metadata;

/**
 * The contract between the steps of the data path: every header and exchange property that the consumer and the route
 * steps pass to each other, declared once (the headers also for Camel's generated component metadata), with typed
 * accessors.
 */
public final class IngestExchange {

    @Metadata(description = "The maildrop: the user name, an at sign, the host, a colon and the port.",
              javaType = "String")
    public static final String ACCOUNT = "CamelPop3Account";
    @Metadata(description = "The message's POP3 UIDL; with uidlFallback=message-id on a server without UIDL, its "
            + "Message-ID key (mid: and the Message-ID, or hdr: and the SHA-256 of the header when it has none).", javaType = "String")
    public static final String UIDL = "CamelPop3Uidl";
    @Metadata(description = "The idempotency key: the account, a # and the UIDL.", javaType = "String")
    public static final String KEY = "CamelPop3IdempotentKey";
    @Metadata(description = "The message number within the current POP3 session.", javaType = "int")
    public static final String MESSAGE_NUMBER = "CamelPop3MessageNumber";
    @Metadata(description = "Bytes received for the message (RETR, dot-unstuffed).", javaType = "long")
    public static final String SIZE = "CamelPop3Size";
    @Metadata(description = "When the message was fetched.", javaType = "java.time.Instant")
    public static final String RECEIVED_AT = "CamelPop3ReceivedAt";

    @Metadata(description = "Set when processing this message failed maxFailures times in a row (across restarts): "
            + "what failed last. The archive then stores the message unsplit and sends it to quarantine.",
              javaType = "String")
    public static final String REPEATED_FAILURE = "CamelPop3RepeatedFailure";
    @Metadata(description = "How many times in a row processing this message failed before, across restarts; 0 the "
            + "first time.", javaType = "int")
    public static final String FAILED_ATTEMPTS = "CamelPop3FailedAttempts";

    @Metadata(description = "Set on the record of a message over maxMessageSize: its size in octets by LIST. The "
            + "message was not retrieved; the body holds only its header (TOP n 0), and the message stays on the "
            + "server.", javaType = "long")
    public static final String OVERSIZE = "CamelPop3Oversize";
    @Metadata(description = "With CamelPop3Oversize: the problem that says so, for the record's envelope.",
              javaType = "String")
    public static final String HEADERS_ONLY = "CamelPop3HeadersOnly";

    // Set by the route steps that follow the consumer.

    @Metadata(description = "Set by the archive step (archiveWriter): the message's archive folder "
            + "(archive, account, UIDL), holding message.eml, envelope.json and the parts.",
              javaType = "java.nio.file.Path")
    public static final String ARCHIVE_FOLDER = "CamelIngestArchiveFolder";
    @Metadata(description = "Set by the archive step when the message's folder was already complete (a refetch after "
            + "a crash): the step kept the folder and did not split again.", javaType = "boolean")
    public static final String ALREADY_ARCHIVED = "CamelIngestAlreadyArchived";
    @Metadata(description = "Set by the einvoice-extract step: how many invoices the message carries.",
              javaType = "int")
    public static final String INVOICE_COUNT = "CamelIngestInvoiceCount";
    @Metadata(description = "Set by the einvoice-extract step: true when an invoice needs a person (a plain PDF, a "
            + "crashed reader).", javaType = "boolean")
    public static final String INVOICE_NEEDS_REVIEW = "CamelIngestInvoiceNeedsReview";
    @Metadata(description = "Set by the decision step (invoiceDecision): deliver, review or reject.",
              javaType = "String")
    public static final String DECISION = "CamelIngestDecision";
    @Metadata(description = "Set by the rejection notice sink: sent to (the address), skipped: (the "
            + "reason) or refused: (the server's reply).", javaType = "String")
    public static final String NOTICE = "CamelIngestNotice";

    // Exchange properties: passed between the steps, never sent anywhere.

    /** The message's envelope (an {@code invoice.Envelope}), set by the archive step. */
    public static final String ENVELOPE_PROPERTY = "CamelIngestEnvelope";
    /** The names of the sinks that confirmed the message, in order, for the audit log. */
    public static final String CONFIRMED_SINKS_PROPERTY = "CamelIngestConfirmedSinks";
    /** Set when the exchange replays a quarantined message. */
    public static final String REPLAY_PROPERTY = "CamelIngestReplay";
    /** Set when the message went to quarantine instead of the sinks. */
    public static final String QUARANTINED_PROPERTY = "CamelIngestQuarantined";
    /** The {@link CommitPoint} of the poll that fetched the message. */
    public static final String COMMIT_POINT_PROPERTY = "CamelIngestCommitPoint";

    private IngestExchange() {
    }

    /** The maildrop the message came from ({@value #ACCOUNT}), or null. */
    public static String account(Exchange exchange) {
        return exchange.getIn().getHeader(ACCOUNT, String.class);
    }

    /**
     * Sets what the consumer tells about every message: its maildrop ({@value #ACCOUNT}), id ({@value #UIDL}), key
     * ({@value #KEY}), number in the session ({@value #MESSAGE_NUMBER}), size ({@value #SIZE}) and when it was fetched
     * ({@value #RECEIVED_AT}).
     */
    public static void setMessage(Exchange exchange, MessageKey key, int number, long size, Instant receivedAt) {
        Message in = exchange.getIn();
        in.setHeader(ACCOUNT, key.account());
        in.setHeader(UIDL, key.id());
        in.setHeader(KEY, key.toString());
        in.setHeader(MESSAGE_NUMBER, number);
        in.setHeader(SIZE, size);
        in.setHeader(RECEIVED_AT, receivedAt);
    }

    public static void setFailedAttempts(Exchange exchange, int failedAttempts) {
        exchange.getIn().setHeader(FAILED_ATTEMPTS, failedAttempts);
    }

    public static void setRepeatedFailure(Exchange exchange, String lastFailure) {
        exchange.getIn().setHeader(REPEATED_FAILURE, lastFailure);
    }

    /** Marks the record of a message over the size limit: its LIST size and the problem that says so. */
    public static void setHeadersOnly(Exchange exchange, long listSize, String problem) {
        exchange.getIn().setHeader(OVERSIZE, listSize);
        exchange.getIn().setHeader(HEADERS_ONLY, problem);
    }

    /** The message's UIDL, or its Message-ID fallback key ({@value #UIDL}), or null. */
    public static String uidl(Exchange exchange) {
        return exchange.getIn().getHeader(UIDL, String.class);
    }

    /** The message's idempotency key, a written {@link MessageKey} ({@value #KEY}), or null. */
    public static String key(Exchange exchange) {
        return exchange.getIn().getHeader(KEY, String.class);
    }

    /** What failed the last time when the message failed maxFailures times in a row ({@value #REPEATED_FAILURE}). */
    public static String repeatedFailure(Exchange exchange) {
        return exchange.getIn().getHeader(REPEATED_FAILURE, String.class);
    }

    /** The problem of a headers-only record of a message over the size limit ({@value #HEADERS_ONLY}), or null. */
    public static String headersOnly(Exchange exchange) {
        return exchange.getIn().getHeader(HEADERS_ONLY, String.class);
    }

    /** The LIST size of a message over the size limit ({@value #OVERSIZE}), or null. */
    public static Long oversize(Exchange exchange) {
        return exchange.getIn().getHeader(OVERSIZE, Long.class);
    }

    /** The sinks that confirmed the message so far, in order ({@value #CONFIRMED_SINKS_PROPERTY}); never null. */
    @SuppressWarnings("unchecked")
    public static List<String> confirmedSinks(Exchange exchange) {
        return exchange.getProperty(CONFIRMED_SINKS_PROPERTY, List.of(), List.class);
    }

    /** Adds {@code sink} to the sinks that confirmed the message, once. */
    public static void addConfirmedSink(Exchange exchange, String sink) {
        @SuppressWarnings("unchecked")
        List<String> sinks = exchange.getProperty(CONFIRMED_SINKS_PROPERTY, List.class);
        if (sinks == null) {
            sinks = new ArrayList<>();
            exchange.setProperty(CONFIRMED_SINKS_PROPERTY, sinks);
        }
        if (!sinks.contains(sink)) {
            sinks.add(sink);
        }
    }

    /** The message's archive folder ({@value #ARCHIVE_FOLDER}), or null before the archive step. */
    public static Path archiveFolder(Exchange exchange) {
        return exchange.getIn().getHeader(ARCHIVE_FOLDER, Path.class);
    }

    public static void setArchiveFolder(Exchange exchange, Path folder) {
        exchange.getIn().setHeader(ARCHIVE_FOLDER, folder);
    }

    /**
     * The envelope the archive step set ({@value #ENVELOPE_PROPERTY}), or null; typed by the caller because this
     * package sits below {@code invoice}, where the envelope type lives.
     */
    public static <T> T envelope(Exchange exchange, Class<T> type) {
        return exchange.getProperty(ENVELOPE_PROPERTY, type);
    }

    public static void setEnvelope(Exchange exchange, Object envelope) {
        exchange.setProperty(ENVELOPE_PROPERTY, envelope);
    }

    /** The decision ({@value #DECISION}), or {@code otherwise} before the decision step. */
    public static String decision(Exchange exchange, String otherwise) {
        return exchange.getIn().getHeader(DECISION, otherwise, String.class);
    }

    /** The commit point of the poll that fetched the message, or null (another consumer, a replay). */
    public static CommitPoint commitPoint(Exchange exchange) {
        return exchange.getProperty(COMMIT_POINT_PROPERTY, CommitPoint.class);
    }

    public static void setCommitPoint(Exchange exchange, CommitPoint commitPoint) {
        exchange.setProperty(COMMIT_POINT_PROPERTY, commitPoint);
    }

    /** True when the exchange replays a quarantined message. */
    public static boolean isReplay(Exchange exchange) {
        return exchange.getProperty(REPLAY_PROPERTY, false, Boolean.class);
    }

    /** True when the message went to quarantine. */
    public static boolean isQuarantined(Exchange exchange) {
        return exchange.getProperty(QUARANTINED_PROPERTY, false, Boolean.class);
    }

    public static void setDecision(Exchange exchange, String decision) {
        exchange.getIn().setHeader(DECISION, decision);
    }

    public static void setNotice(Exchange exchange, String notice) {
        exchange.getIn().setHeader(NOTICE, notice);
    }

    public static void setQuarantined(Exchange exchange) {
        exchange.setProperty(QUARANTINED_PROPERTY, true);
    }
}
