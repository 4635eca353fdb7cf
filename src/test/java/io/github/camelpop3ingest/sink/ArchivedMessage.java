package io.github.camelpop3ingest.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.github.camelpop3ingest.archive.ArchiveNames;
import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.mime.EnvelopePart;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/** A message folder as the archive writer leaves it (message.eml, envelope.json, parts/), built in a test's temp dir. */
record ArchivedMessage(Path folder, Envelope envelope, String account, String uidl) {

    static final String ACCOUNT = "invoices@pop.example:995";

    /** One file under {@code parts/}. */
    record PartFile(String name, String contentType, String charset, byte[] content) {
    }

    String key() {
        return account + "#" + uidl;
    }

    static ArchivedMessage write(Path archiveDir, String uidl, PartFile... files) throws IOException {
        Path folder = archiveDir.resolve(ArchiveNames.encode(ACCOUNT)).resolve(ArchiveNames.encode(uidl));
        Files.createDirectories(folder.resolve("parts"));
        byte[] eml = ("Subject: Rechnung " + uidl + "\r\n\r\nsiehe Anhang\r\n").getBytes(StandardCharsets.UTF_8);
        Files.write(folder.resolve(ArchiveWriter.MESSAGE_FILE), eml);
        List<EnvelopePart> parts = new ArrayList<>();
        for (PartFile file : files) {
            Files.write(folder.resolve("parts").resolve(file.name()), file.content());
            boolean attachment = !file.contentType().startsWith("text/");
            parts.add(new EnvelopePart("parts/" + file.name(), attachment ? file.name() : null, file.contentType(),
                    file.charset(), attachment ? "attachment" : null, file.content().length, null, null, attachment,
                    List.of()));
        }
        Envelope envelope = new Envelope(Envelope.SCHEMA_VERSION, ACCOUNT, uidl, "<" + uidl + "@supplier.example>",
                List.of("Jörg Müller <joerg@supplier.example>"), List.of("invoices@buyer.example"), List.of(),
                List.of(), "Rechnung " + uidl, OffsetDateTime.parse("2026-11-03T14:02:11+01:00"),
                Instant.parse("2026-11-27T11:12:04.512Z"), eml.length, null, parts, List.of());
        new EnvelopeWriter().write(envelope, folder);
        return new ArchivedMessage(folder, envelope, ACCOUNT, uidl);
    }

    static ArchivedMessage writeSmall(Path archiveDir, String uidl) throws IOException {
        return write(archiveDir, uidl, new PartFile("part-1.txt", "text/plain", "UTF-8",
                ("Rechnung " + uidl + " über 12,50 €").getBytes(StandardCharsets.UTF_8)));
    }

    /** The exchange as it leaves the archive writer: the Envelope as body, the POP3 and archive headers set. */
    Exchange exchange(CamelContext context) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setBody(envelope);
        exchange.getIn().setHeader(IngestExchange.ACCOUNT, account);
        exchange.getIn().setHeader(IngestExchange.UIDL, uidl);
        exchange.getIn().setHeader(IngestExchange.KEY, key());
        exchange.getIn().setHeader(IngestExchange.ARCHIVE_FOLDER, folder);
        return exchange;
    }
}
