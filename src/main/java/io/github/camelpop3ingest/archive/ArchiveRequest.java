package io.github.camelpop3ingest.archive;

import java.time.Instant;

import io.github.camelpop3ingest.exchange.CommitPoint;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.exchange.MessageKey;
import io.github.camelpop3ingest.mime.MessageSource;
import org.apache.camel.Exchange;

/**
 * What the archive step reads from an exchange besides the message bytes: where the message comes from, its key, its
 * poll's commit point (null: none), the failure the consumer saw repeat on it and, for a message over
 * {@code maxMessageSize}, why only its header was read (null: none).
 */
record ArchiveRequest(MessageSource source, String messageKey, CommitPoint commitPoint, String repeatedFailure,
        String headersOnly) {

    static ArchiveRequest of(Exchange exchange) {
        String account = IngestExchange.account(exchange);
        String uidl = IngestExchange.uidl(exchange);
        if (account == null || uidl == null) {
            throw new IllegalArgumentException("archiveWriter needs the headers " + IngestExchange.ACCOUNT + " and "
                    + IngestExchange.UIDL + ", which the pop3-ingest consumer sets");
        }
        Instant receivedAt = exchange.getIn().getHeader(IngestExchange.RECEIVED_AT, Instant.now(), Instant.class);
        String messageKey = exchange.getIn().getHeader(IngestExchange.KEY, new MessageKey(account, uidl).toString(),
                String.class);
        return new ArchiveRequest(new MessageSource(account, uidl, receivedAt), messageKey,
                IngestExchange.commitPoint(exchange), IngestExchange.repeatedFailure(exchange),
                IngestExchange.headersOnly(exchange));
    }

    String account() {
        return source.account();
    }

    String uidl() {
        return source.uidl();
    }
}
