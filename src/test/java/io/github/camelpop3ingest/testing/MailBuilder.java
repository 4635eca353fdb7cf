package io.github.camelpop3ingest.testing;

import java.io.ByteArrayOutputStream;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * Builds real multipart mails with attachments for tests, the way a mail client sends them.
 */
public final class MailBuilder {

    private final MimeMultipart multipart = new MimeMultipart("mixed");
    private final String subject;
    private final java.util.List<String[]> headers = new java.util.ArrayList<>();

    public MailBuilder(String subject) {
        this.subject = subject;
        text("Please find attached: " + subject);
    }

    private MailBuilder text(String body) {
        try {
            MimeBodyPart part = new MimeBodyPart();
            part.setText(body, "UTF-8");
            multipart.addBodyPart(part);
            return this;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds an attachment with the given file name and content type, base64 encoded. */
    public MailBuilder attach(String fileName, String contentType, byte[] content) {
        try {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, contentType)));
            part.setFileName(fileName);
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            part.setHeader("Content-Transfer-Encoding", "base64");
            multipart.addBodyPart(part);
            return this;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a header line to the message, e.g. {@code Return-Path} or {@code Auto-Submitted}. */
    public MailBuilder header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    public byte[] build() {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom("billing@supplier.example");
            message.setRecipients(MimeMessage.RecipientType.TO, "invoices@buyer.example");
            message.setSubject(subject, "UTF-8");
            message.setContent(multipart);
            message.saveChanges();
            for (String[] header : headers) {
                message.addHeader(header[0], header[1]);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
