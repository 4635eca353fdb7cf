package io.github.camelpop3ingest.sink;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.Invoice;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/**
 * Turns each invoice of an archived message into its own event, for consumers that want invoices rather than mail:
 * the invoice, the message it came in and an idempotency key of its own ({@code <message key>#invoice-<n>}).
 */
public class InvoiceEventBuilder {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "invoiceEventBuilder";
    public static final int SCHEMA_VERSION = 1;


    /** Made on first use: a start that archives nothing (a re-poll of a seen mailbox) does not initialise Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The invoices to split on: those of the exchange's envelope. */
    public List<Invoice> invoices(Exchange exchange) {
        Envelope envelope = ArchiveWriter.envelopeOf(exchange);
        return envelope == null ? List.of() : envelope.invoices();
    }

    /** For each split exchange: the invoice body becomes the event JSON, with the key header set. */
    @Handler
    public void build(Exchange exchange) throws JsonProcessingException, InvalidPayloadException {
        Message in = exchange.getIn();
        Invoice invoice = in.getMandatoryBody(Invoice.class);
        int index = exchange.getProperty(Exchange.SPLIT_INDEX, 0, Integer.class);
        String messageKey = in.getHeader(IngestExchange.KEY, String.class);
        String key = messageKey + "#invoice-" + (index + 1);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("schemaVersion", SCHEMA_VERSION);
        event.put("idempotencyKey", key);
        event.put("messageKey", messageKey);
        event.put("account", in.getHeader(IngestExchange.ACCOUNT, String.class));
        event.put("uidl", in.getHeader(IngestExchange.UIDL, String.class));
        Path folder = in.getHeader(IngestExchange.ARCHIVE_FOLDER, Path.class);
        event.put("archiveFolder", folder == null ? null : folder.toAbsolutePath().toString());
        event.put("invoice", invoice);
        in.setHeader(DeliveryEventBuilder.IDEMPOTENCY_KEY_HEADER, key);
        in.setBody(Json.MAPPER.writeValueAsString(event));
    }
}
