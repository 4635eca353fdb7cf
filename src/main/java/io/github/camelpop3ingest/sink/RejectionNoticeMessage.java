package io.github.camelpop3ingest.sink;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.Invoice;
import io.github.camelpop3ingest.invoice.InvoiceValidation.Finding;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Writes the plain-text rejection notice for the invalid invoices of one message: an automatic reply (RFC 3834) in
 * the original's thread that names each invoice, the rule set it was checked against and the rules it breaks.
 */
final class RejectionNoticeMessage {

    /** Value of {@link AutoReplyCheck#NOTICE_MARK_HEADER} on our notices. */
    static final String NOTICE_MARK = "rejection";
    /** Errors listed per invoice; the rest is counted, since a broken invoice can break a rule on every line. */
    static final int MAX_ERRORS_PER_INVOICE = 100;

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    private static final int MAX_SUBJECT_CHARS = 200;
    private static final int MAX_NUMBER_CHARS = 80;
    private static final int MAX_TEXT_CHARS = 1_000;
    // The message is handed to camel-mail's sender, which connects with its own session; this one only shapes it.
    private static final Session SESSION = Session.getInstance(new Properties());

    private RejectionNoticeMessage() {
    }

    /** The notice from {@code from} to {@code recipient} about {@code invoices} of the message {@code original}. */
    static MimeMessage compose(InternetAddress from, String recipient, Envelope original, List<Invoice> invoices,
            Instant now) throws MessagingException {
        String domain = from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1);
        MimeMessage message = new KeptIdMimeMessage(SESSION, "<" + UUID.randomUUID() + ".notice@" + domain + ">");
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient, true));
        message.setSubject(subject(invoices), "UTF-8");
        message.setSentDate(Date.from(now));
        String originalId = original.messageId() == null ? null : original.messageId().strip();
        if (originalId != null && MESSAGE_ID.matcher(originalId).matches()) {
            message.setHeader("In-Reply-To", originalId);
            message.setHeader("References", originalId);
        }
        message.setHeader("Auto-Submitted", "auto-replied");
        message.setHeader(AutoReplyCheck.NOTICE_MARK_HEADER, NOTICE_MARK);
        message.setText(body(original, invoices), "UTF-8");
        message.saveChanges();
        return message;
    }

    /** {@code Invoice 4711 rejected: 2 rule violations}, or every number when there are several invoices. */
    static String subject(List<Invoice> invoices) {
        int errors = invoices.stream().mapToInt(i -> i.validation().errors().size()).sum();
        List<String> numbers = invoices.stream().map(RejectionNoticeMessage::number).toList();
        String subject = (numbers.size() == 1 ? "Invoice " : "Invoices ") + String.join(", ", numbers) + " rejected: "
                + errors + (errors == 1 ? " rule violation" : " rule violations");
        return abbreviate(subject, MAX_SUBJECT_CHARS);
    }

    static String body(Envelope original, List<Invoice> invoices) {
        StringBuilder text = new StringBuilder();
        String subject = original.subject() == null || original.subject().isBlank() ? "(no subject)"
                : "\"" + oneLine(original.subject(), MAX_SUBJECT_CHARS) + "\"";
        String date = original.date() == null ? "" : " of " + DateTimeFormatter.RFC_1123_DATE_TIME.format(original.date());
        text.append("Hello,\n\n")
                .append("your message ").append(subject).append(date).append(" has reached us, but ")
                .append(invoices.size() == 1 ? "the invoice in it breaks" : "the invoices in it break")
                .append(" the rules of the e-invoicing standard it claims, so we cannot process ")
                .append(invoices.size() == 1 ? "it" : "them").append(".\n")
                .append("Please correct ").append(invoices.size() == 1 ? "the invoice" : "the invoices")
                .append(" and send ").append(invoices.size() == 1 ? "it" : "them").append(" again.\n");
        for (Invoice invoice : invoices) {
            List<Finding> errors = invoice.validation().errors();
            text.append("\nInvoice ").append(number(invoice)).append('\n');
            if (invoice.path() != null) {
                text.append("File: ").append(oneLine(invoice.path(), MAX_TEXT_CHARS)).append('\n');
            }
            String ruleSet = invoice.validation().ruleSet();
            text.append("Checked against: ").append(ruleSet == null ? "(the syntax only)" : oneLine(ruleSet, MAX_TEXT_CHARS))
                    .append('\n')
                    .append(errors.size() == 1 ? "1 rule violation:" : errors.size() + " rule violations:").append('\n');
            for (Finding error : errors.subList(0, Math.min(errors.size(), MAX_ERRORS_PER_INVOICE))) {
                text.append("- ").append(oneLine(error.id(), MAX_NUMBER_CHARS)).append(": ")
                        .append(oneLine(error.text(), MAX_TEXT_CHARS)).append('\n');
                if (error.location() != null && !error.location().isBlank()) {
                    text.append("    at ").append(oneLine(error.location(), MAX_TEXT_CHARS)).append('\n');
                }
            }
            if (errors.size() > MAX_ERRORS_PER_INVOICE) {
                text.append("... and ").append(errors.size() - MAX_ERRORS_PER_INVOICE).append(" more\n");
            }
        }
        text.append("\nThis is an automatic reply; answers to it are not read. We send at most one for the same")
                .append(" invoice number a day.\n");
        return text.toString();
    }

    /** The invoice's number as it may stand in a subject line, or where it came from when it has none. */
    static String number(Invoice invoice) {
        if (invoice.number() != null && !invoice.number().isBlank()) {
            return oneLine(invoice.number(), MAX_NUMBER_CHARS);
        }
        return "without number" + (invoice.path() == null ? "" : " (" + oneLine(invoice.path(), MAX_NUMBER_CHARS) + ")");
    }

    /** The text on one line, control characters as spaces, so that sender-chosen text cannot add header lines. */
    static String oneLine(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return abbreviate(out.toString().strip().replaceAll(" {2,}", " "), maxChars);
    }

    private static String abbreviate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** Keeps the Message-ID it was given when saved, as a reply that is referred to by it later must. */
    private static final class KeptIdMimeMessage extends MimeMessage {

        private final String messageId;

        KeptIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
