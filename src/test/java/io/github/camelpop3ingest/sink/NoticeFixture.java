package io.github.camelpop3ingest.sink;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.Invoice;
import io.github.camelpop3ingest.invoice.InvoiceValidation;
import io.github.camelpop3ingest.invoice.InvoiceValidation.Finding;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/** Archived messages with invalid invoices, as the rejection notice finds them: message.eml, envelope, exchange. */
final class NoticeFixture {

    static final String OUR_ADDRESS = "invoices@buyer.example";
    static final String SUPPLIER = "billing@supplier.example";
    static final String RULE_SET = "XRechnung 3.0.2 (UBL)";

    private NoticeFixture() {
    }

    /** An invoice whose validation found {@code errors}. */
    static Invoice invalid(String number, Finding... errors) {
        return invoice(number, new InvoiceValidation(InvoiceValidation.Status.INVALID, RULE_SET, Arrays.asList(errors),
                List.of(), null));
    }

    static Invoice valid(String number) {
        return invoice(number, new InvoiceValidation(InvoiceValidation.Status.VALID, RULE_SET, List.of(), List.of(),
                null));
    }

    static Invoice invoice(String number, InvoiceValidation validation) {
        return new Invoice(Invoice.UBL_INVOICE, "urn:cen.eu:en16931:2017", null, "380", number, "2026-11-01", null,
                "EUR", null, null, null, 1, "parts/invoice-" + number + ".xml", false, null, List.of(), validation);
    }

    static Finding brCo15() {
        return new Finding("BR-CO-15", "/Invoice/cac:LegalMonetaryTotal",
                "Invoice total amount with VAT = Invoice total amount without VAT + Invoice total VAT amount.");
    }

    static Finding brDe15() {
        return new Finding("BR-DE-15", "/Invoice", "Das Element \"Buyer reference\" (BT-10) muss übermittelt werden.");
    }

    /** A folder with message.eml of {@code headers} (CRLF-separated lines, without the blank line) and a body. */
    static Path writeMessage(Path dir, String name, String headers) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        String eml = headers.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n\r\nsiehe Anhang\r\n";
        Files.write(folder.resolve(ArchiveWriter.MESSAGE_FILE), eml.getBytes(StandardCharsets.UTF_8));
        return folder;
    }

    /** The ordinary header of a supplier's invoice mail, with a Return-Path as the mailbox's MTA adds it. */
    static String supplierHeaders(String messageId, String... extra) {
        StringBuilder headers = new StringBuilder()
                .append("Return-Path: <").append(SUPPLIER).append(">\r\n")
                .append("From: Supplier Billing <").append(SUPPLIER).append(">\r\n")
                .append("To: ").append(OUR_ADDRESS).append("\r\n")
                .append("Subject: Rechnung 4711\r\n")
                .append("Date: Tue, 3 Nov 2026 14:02:11 +0100\r\n")
                .append("Message-ID: ").append(messageId).append("\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/mixed; boundary=\"b1\"");
        for (String line : extra) {
            headers.append("\r\n").append(line);
        }
        return headers.toString();
    }

    static Envelope envelope(String messageId, Invoice... invoices) {
        return new Envelope(Envelope.SCHEMA_VERSION, "invoices@pop.example:995", "UID-" + messageId.hashCode(),
                messageId, List.of("Supplier Billing <" + SUPPLIER + ">"), List.of(OUR_ADDRESS), List.of(), List.of(),
                "Rechnung 4711", OffsetDateTime.parse("2026-11-03T14:02:11+01:00"),
                Instant.parse("2026-11-03T13:05:00Z"), 1234, null, List.of(), List.of(invoices), List.of());
    }

    /** The exchange as it reaches a sink: envelope property and body, POP3 and archive headers. */
    static Exchange exchange(CamelContext context, Path folder, Envelope envelope) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(IngestExchange.ENVELOPE_PROPERTY, envelope);
        exchange.getIn().setBody(envelope);
        exchange.getIn().setHeader(IngestExchange.ACCOUNT, envelope.account());
        exchange.getIn().setHeader(IngestExchange.UIDL, envelope.uidl());
        exchange.getIn().setHeader(IngestExchange.KEY, envelope.account() + "#" + envelope.uidl());
        exchange.getIn().setHeader(IngestExchange.ARCHIVE_FOLDER, folder);
        return exchange;
    }

    /** A loopback port on which nothing listens (bound once, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
