package io.github.camelpop3ingest.main;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;

import io.github.camelpop3ingest.sink.DeliveryEventBuilder;
import io.github.camelpop3ingest.sink.DeliveryOutcomes;
import io.github.camelpop3ingest.sink.EmbeddedBroker;
import io.github.camelpop3ingest.sink.HttpSink;
import io.github.camelpop3ingest.sink.InvoiceEventBuilder;
import io.github.camelpop3ingest.sink.JmsConnectionFactories;
import io.github.camelpop3ingest.sink.RejectionNotice;
import io.github.camelpop3ingest.sink.RetryAfterDelay;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;

/**
 * Binds the beans the delivery routes name (deliveryOutcomes, redeliveryListener, deliveryEventBuilder, httpSink) and the
 * {@code jms} component, from the main job's settings; a sink that is not configured gets nothing started.
 */
final class SinkSetup {

    static final String BROKER_DIR = "broker";
    /** The rejection notices of the last 24 hours, in the state directory. */
    static final String NOTICE_LEDGER = "notices.jsonl";

    private SinkSetup() {
    }

    static void bind(CamelContext context, IngestSettings settings, Sinks sinks, DeliveryOutcomes outcomes,
            Function<Path, EmbeddedBroker> brokerStarter) {
        RetryAfterDelay retryAfter = new RetryAfterDelay();
        retryAfter.setMaxDelayMillis(settings.number(IngestSetting.RETRY_MAX_DELAY));
        context.getRegistry().bind(DeliveryOutcomes.BEAN_NAME, outcomes);
        context.getRegistry().bind("redeliveryListener", outcomes.redelivery(retryAfter));

        DeliveryEventBuilder events = new DeliveryEventBuilder();
        events.setInlineMaxBytes((int) Math.min(Integer.MAX_VALUE, settings.number(IngestSetting.JMS_INLINE_MAX_BYTES)));
        context.getRegistry().bind(DeliveryEventBuilder.BEAN_NAME, events);
        context.getRegistry().bind(InvoiceEventBuilder.BEAN_NAME, new InvoiceEventBuilder());

        if (sinks.has(Sinks.HTTP)) {
            requireResolvable(settings.get(IngestSetting.HTTP_URL));
            HttpSink http = new HttpSink();
            http.setCamelContext(context);
            http.setUrl(settings.get(IngestSetting.HTTP_URL));
            http.setAuthorization(settings.get(IngestSetting.HTTP_AUTHORIZATION));
            http.setConnectTimeoutMillis((int) settings.number(IngestSetting.HTTP_CONNECT_TIMEOUT));
            http.setReadTimeoutMillis((int) settings.number(IngestSetting.HTTP_READ_TIMEOUT));
            // Started with the context, before any route posts to it, and stopped with it.
            addService(context, http, false);
            context.getRegistry().bind(HttpSink.BEAN_NAME, http);
        }

        if (settings.validation() && settings.notice()) {
            RejectionNotice notice = new RejectionNotice();
            notice.setFrom(settings.get(IngestSetting.NOTICE_FROM));
            notice.setEndpoint(NoticeSmtp.endpoint(context, settings));
            notice.setLedgerFile(Path.of(settings.get(IngestSetting.STATE_DIR), NOTICE_LEDGER));
            // Started and stopped with the context; it starts the SMTP endpoint and loads the ledger.
            addService(context, notice, true);
            context.getRegistry().bind(RejectionNotice.BEAN_NAME, notice);
        }

        if (sinks.has(Sinks.JMS) || (settings.validation() && settings.reviewSinks().has(Sinks.JMS))) {
            String url = settings.get(IngestSetting.JMS_URL);
            ConnectionFactory factory;
            if (url.isEmpty()) {
                factory = brokerStarter.apply(Path.of(settings.get(IngestSetting.STATE_DIR), BROKER_DIR))
                        .connectionFactory();
            } else {
                factory = JmsConnectionFactories.forUrl(url);
                requireReachable(factory, url);
            }
            context.addComponent("jms", JmsComponent.jmsComponent(factory));
        }
    }

    /**
     * The properties the delivery routes read that the job derives from its settings: which sinks and review sinks
     * there are, and whether each sink's route starts.
     */
    static Properties routeProperties(IngestSettings settings, Sinks sinks) {
        Properties props = new Properties();
        props.put("ingest.sink.endpoints", sinks.endpoints());
        props.put("ingest.sink.jms.enabled", String.valueOf(sinks.has(Sinks.JMS)));
        props.put("ingest.sink.http.enabled", String.valueOf(sinks.has(Sinks.HTTP)));
        boolean validation = settings.validation();
        Sinks review = validation ? settings.reviewSinks() : Sinks.parseReview("");
        props.put("ingest.review.endpoints", review.reviewEndpoints());
        props.put("ingest.review.file.enabled", String.valueOf(review.has(Sinks.FILE)));
        props.put("ingest.review.jms.enabled", String.valueOf(review.has(Sinks.JMS)));
        props.put("ingest.notice.enabled", String.valueOf(validation && settings.notice()));
        return props;
    }

    private static void addService(CamelContext context, Object service, boolean startNow) {
        try {
            context.addService(service, true, startNow);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start " + service + ": " + e.getMessage(), e);
        }
    }

    /** A broker that cannot be reached at startup is a configuration error, not something to retry in silence. */
    private static void requireReachable(ConnectionFactory factory, String url) {
        try (Connection connection = factory.createConnection()) {
            connection.start();
        } catch (JMSException | RuntimeException e) {
            throw new IllegalArgumentException(IngestSetting.JMS_URL.label() + ": the broker at "
                    + JmsConnectionFactories.redact(url) + " cannot be reached: " + e.getMessage());
        }
    }

    /** An HTTP host that does not resolve at startup is a typo far more often than an outage. */
    private static void requireResolvable(String url) {
        String host = URI.create(url).getHost();
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(IngestSetting.HTTP_URL.label() + ": the host " + host
                    + " is unknown");
        }
    }
}
