package io.github.camelpop3ingest.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Small crafted mails that once stopped the mailbox, built in code so that their size and depth are parameters.
 */
public final class HostileMails {

    private HostileMails() {
    }

    /**
     * A message whose body is a multipart nested {@code levels} deep, each level one part, with a text leaf at the
     * bottom; about 90 bytes a level, so 30,000 levels make a 2.7 MB mail.
     */
    public static byte[] nestedMultiparts(int levels, String subject) {
        StringBuilder mail = new StringBuilder(levels * 90 + 512);
        mail.append("From: nester@example.com\r\nTo: invoices@buyer.example\r\nSubject: ").append(subject)
                .append("\r\nMessage-ID: <").append(subject.replaceAll("\\W", "")).append("@example.com>\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0x\"\r\n\r\n");
        for (int i = 1; i < levels; i++) {
            mail.append("--b").append(i - 1).append("x\r\nContent-Type: multipart/mixed; boundary=\"b").append(i)
                    .append("x\"\r\n\r\n");
        }
        mail.append("--b").append(levels - 1).append("x\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n")
                .append("the bottom\r\n");
        for (int i = levels - 1; i >= 0; i--) {
            mail.append("--b").append(i).append("x--\r\n");
        }
        return mail.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The shared corpus's EN16931 UBL example with its invoice number (BT-1) replaced, as an XML attachment; the
     * same seller and date, so two of them differ only by number.
     */
    public static byte[] ublInvoice(String subject, String number) {
        try {
            String xml = java.nio.file.Files.readString(java.nio.file.Path.of("../shared/corpus/invoices/"
                    + "ubl_en16931_example1_eur.xml"), StandardCharsets.UTF_8);
            xml = xml.replaceFirst("<cbc:ID>12115118</cbc:ID>", "<cbc:ID>" + number + "</cbc:ID>");
            return withAttachment(subject, "invoice.xml", "application/xml", xml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A message with one attachment, base64 encoded, for crafted invoices, PDFs and ZIPs. */
    public static byte[] withAttachment(String subject, String fileName, String contentType, byte[] content) {
        return new MailBuilder(subject).attach(fileName, contentType, content).build();
    }

    /** A plain text message, the kind that comes before and after a crafted one. */
    public static byte[] plain(String subject) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("From: sender@example.com\r\nTo: invoices@buyer.example\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replaceAll("\\W", "") + "@example.com>\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\nNothing special: " + subject + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
