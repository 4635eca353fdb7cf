package io.github.camelpop3ingest.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.exchange.CommitPoint;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSON-lines record of every message's outcome (delivered, quarantined, replayed) and the sinks that
 * confirmed it; {@link #read(Path)} reads it back.
 */
public class AuditLog extends ServiceSupport {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "auditLog";
    public static final String FILE_NAME = "audit.jsonl";

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private Path file;
    private FileChannel channel;

    public AuditLog() {
    }

    public AuditLog(Path file) {
        this.file = file;
    }

    /** Made on first use: a start that archives nothing (a re-poll of a seen mailbox) does not initialise Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Override
    protected void doStart() throws Exception {
        if (file == null) {
            throw new IllegalArgumentException("AuditLog needs file, the JSON-lines file to append to");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Records that {@code sink} confirmed the message of this exchange. */
    public static void confirmed(Exchange exchange, String sink) {
        IngestExchange.addConfirmedSink(exchange, sink);
    }


    private DeliveryOutcomes outcomes;

    /** For a route step after each sink: {@code method: "sinkConfirmed(*, 'http')"}. */
    public void sinkConfirmed(Exchange exchange, String sink) {
        confirmed(exchange, sink);
        if (outcomes != null) {
            outcomes.sinkConfirmed(sink);
        }
    }

    /** For the last step of delivery: every sink confirmed the message. */
    @Handler
    public void delivered(Exchange exchange) {
        boolean replay = IngestExchange.isReplay(exchange);
        record(exchange, replay ? "replayed" : "delivered", null);
        if (outcomes != null) {
            if (replay) {
                outcomes.replayed();
            } else {
                outcomes.delivered();
            }
        }
    }

    public void setOutcomes(DeliveryOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    /** Appends one record for the exchange's message; {@code error} may be null. */
    public void record(Exchange exchange, String outcome, String error) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("time", Instant.now().toString());
        rec.put("account", IngestExchange.account(exchange));
        rec.put("uidl", IngestExchange.uidl(exchange));
        rec.put("key", IngestExchange.key(exchange));
        Envelope envelope = ArchiveWriter.envelopeOf(exchange);
        rec.put("messageId", envelope == null ? null : envelope.messageId());
        rec.put("sha256", envelope == null ? null : envelope.sha256());
        rec.put("sinks", IngestExchange.confirmedSinks(exchange));
        Long oversize = IngestExchange.oversize(exchange);
        if (oversize != null) {
            rec.put("oversize", oversize);
        }
        String decision = IngestExchange.decision(exchange, null);
        if (decision != null) {
            rec.put("decision", decision);
        }
        rec.put("outcome", outcome);
        rec.put("error", error);
        append(rec, IngestExchange.commitPoint(exchange));
        if (outcomes != null && rec.get("account") != null) {
            outcomes.recorded((String) rec.get("account"), outcome);
        }
    }

    /** Appends a record, forced to disk at once or, when the message's poll batches its fsyncs, at its commit point. */
    private synchronized void append(Map<String, Object> rec, CommitPoint batch) {
        if (!isStarted()) {
            throw new IllegalStateException("auditLog is not started: start it with the Camel context (initMethod: "
                    + "start on a YAML bean, a route's bean step, or CamelContext.addService)");
        }
        try {
            byte[] line = (Json.MAPPER.writeValueAsString(rec) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (batch == null) {
                channel.force(false);
            } else {
                batch.add(this, this::force);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit record could not be serialized", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Appending to the audit log " + file + " failed", e);
        }
    }

    /**
     * Forces the log at a commit point. It runs beside later appends (the poll routes on while a batch is forced), so
     * it does not hold the lock they need: a record appended meanwhile may or may not be covered, and its own batch
     * forces the log again.
     */
    private void force() throws IOException {
        FileChannel open;
        synchronized (this) {
            open = channel;
        }
        if (open != null) {
            open.force(false);
        }
    }

    /** Reads every complete record of an audit log; a torn last line (a crash mid-append) is ignored. */
    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(Json.MAPPER.readTree(line));
            } catch (JsonProcessingException e) {
                // A crash mid-append tears the last line only; the records before it are intact.
                LOG.warn("Ignoring an unreadable line of the audit log {}: {}", file, e.getOriginalMessage());
            }
        }
        return records;
    }

    public void setFile(String file) {
        this.file = Path.of(file);
    }

    public Path getFile() {
        return file;
    }
}
