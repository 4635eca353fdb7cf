package io.github.camelpop3ingest.sink;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;

/**
 * Counts what happened to messages after the archive: delivered to every sink, quarantined, and the redelivery
 * attempts on the way; its {@link #redelivery()} processor goes in front of any other onRedelivery processor.
 */
@ManagedResource(description = "Delivery outcomes of POP3 messages")
public class DeliveryOutcomes {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "deliveryOutcomes";

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();

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
