package io.github.camelpop3ingest.sink;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.ExchangeHelper;

/**
 * Counts what happened to messages after the archive: delivered to every sink, quarantined, and the redelivery
 * attempts on the way; its {@link #redelivery()} processor goes in front of any other onRedelivery processor.
 */
@ManagedResource(description = "Delivery outcomes of POP3 messages")
public class DeliveryOutcomes {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "deliveryOutcomes";
    /** The delivery routes name each sink's route {@code sink-<name>}. */
    private static final String SINK_ROUTE_PREFIX = "sink-";

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, SinkState> sinks = new ConcurrentHashMap<>();

    /** Told the outcome of each message as the audit log records it, e.g. for metrics per mailbox. */
    @FunctionalInterface
    public interface Listener {
        /** @param outcome delivered, quarantined or replayed */
        void outcome(String account, String outcome);
    }

    /** The last thing a sink did: confirm a message, or fail one (with the failure, which names no secret). */
    public record SinkState(boolean confirmed, Instant at, String error) {
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** The audit log recorded {@code outcome} for a message of {@code account}. */
    public void recorded(String account, String outcome) {
        for (Listener listener : listeners) {
            listener.outcome(account, outcome);
        }
    }

    /** A sink confirmed a message. */
    public void sinkConfirmed(String sink) {
        sinks.put(sink, new SinkState(true, Instant.now(), null));
    }

    /** A sink failed a message; it is retried or quarantined. */
    public void sinkFailed(String sink, String error) {
        sinks.put(sink, new SinkState(false, Instant.now(), error));
    }

    /**
     * The exchange failed in a sink's route ({@code sink-<name>}): that sink is failing. Called on each redelivery and
     * when a message goes to quarantine; failures outside a sink's route are not a sink's.
     */
    public void sinkFailed(Exchange exchange) {
        String route = ExchangeHelper.getAtRouteId(exchange);
        if (route == null || !route.startsWith(SINK_ROUTE_PREFIX)) {
            route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        }
        if (route == null || !route.startsWith(SINK_ROUTE_PREFIX)) {
            // Handled in the delivery route: the endpoint that failed is the sink route's, direct://sink-<name>.
            String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
            if (endpoint != null) {
                route = endpoint.substring(endpoint.lastIndexOf('/') + 1).replaceFirst("^direct:", "");
            }
        }
        if (route != null && route.startsWith(SINK_ROUTE_PREFIX)) {
            Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            if (e == null) {
                e = exchange.getException();
            }
            sinkFailed(route.substring(SINK_ROUTE_PREFIX.length()), e == null ? "failed"
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Each sink's last state, by sink name; a sink that has seen no message yet is absent. */
    public Map<String, SinkState> sinkStates() {
        return new TreeMap<>(sinks);
    }

    public void delivered() {
        delivered.incrementAndGet();
    }

    public void quarantined() {
        quarantined.incrementAndGet();
    }

    public void replayed() {
        replayed.incrementAndGet();
    }

    /** A processor for {@code onRedelivery} that counts the attempt, then runs {@code next} (may be null). */
    public Processor redelivery(Processor next) {
        return exchange -> {
            retried.incrementAndGet();
            sinkFailed(exchange);
            if (next != null) {
                next.process(exchange);
            }
        };
    }

    @ManagedAttribute(description = "Messages every sink confirmed")
    public long getDelivered() {
        return delivered.get();
    }

    @ManagedAttribute(description = "Messages written to quarantine")
    public long getQuarantined() {
        return quarantined.get();
    }

    @ManagedAttribute(description = "Redelivery attempts")
    public long getRetried() {
        return retried.get();
    }

    @ManagedAttribute(description = "Quarantined messages replayed into every sink")
    public long getReplayed() {
        return replayed.get();
    }
}
