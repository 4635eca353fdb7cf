package io.github.camelpop3ingest.sink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every quarantined message into the delivery route again; a message that every sink confirms leaves
 * quarantine and its hold is released, one that fails again stays.
 */
public final class QuarantineReplay {

    /** The route that delivers an archived message to every configured sink. */
    public static final String DELIVERY_ENDPOINT = "direct:deliver";

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineReplay.class);

    private final CamelContext context;
    private final QuarantineWriter quarantine;
    private final EnvelopeWriter envelopes = new EnvelopeWriter();

    public QuarantineReplay(CamelContext context, QuarantineWriter quarantine) {
        this.context = context;
        this.quarantine = quarantine;
    }

    /** What a replay did. */
    public record Result(int replayed, int failed) {
        /** The replay command's last line: {@code replayed=N failed=N}. */
        public String summaryLine() {
            return "replayed=" + replayed + " failed=" + failed;
        }
    }

    public Result replayAll() throws IOException {
        int replayed = 0;
        int failed = 0;
        try (ProducerTemplate template = context.createProducerTemplate()) {
            for (Path folder : quarantine.list()) {
                if (replay(template, folder)) {
                    replayed++;
                } else {
                    failed++;
                }
            }
        }
        return new Result(replayed, failed);
    }

    private boolean replay(ProducerTemplate template, Path folder) throws IOException {
        Map<?, ?> error = quarantine.errorOf(folder);
        Envelope envelope = envelopes.read(folder);
        String key = (String) error.get("key");
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(IngestExchange.REPLAY_PROPERTY, true);
        IngestExchange.setEnvelope(exchange, envelope);
        exchange.getIn().setHeader(IngestExchange.ACCOUNT, envelope.account());
        exchange.getIn().setHeader(IngestExchange.UIDL, envelope.uidl());
        exchange.getIn().setHeader(IngestExchange.KEY, key);
        exchange.getIn().setHeader(IngestExchange.ARCHIVE_FOLDER, Path.of((String) error.get("archiveFolder")));
        exchange.getIn().setBody(envelope);
        Exchange done = template.send(DELIVERY_ENDPOINT, exchange);
        if (done.getException() == null && !IngestExchange.isQuarantined(done)) {
            quarantine.release(folder, key);
            LOG.info("Replayed {} into every sink; it left quarantine", key);
            return true;
        }
        LOG.warn("Replay of {} failed again; it stays in quarantine", key);
        return false;
    }
}
