package io.github.camelpop3ingest.sink;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@code onRedelivery} processor that makes Camel's redelivery honour a sink's {@code Retry-After}: before the
 * next attempt it waits for whatever the receiver asked beyond the delay the redelivery policy already waited.
 * <p>
 * Camel calls the {@code onRedelivery} processor after the policy's delay and right before the attempt, so the wait
 * here is {@code min(retryAfter, maxDelayMillis)} minus the time since the {@link RetryableDeliveryException} was
 * raised. Exceptions without a Retry-After, and any other exception, cost nothing. The wait blocks the redelivering
 * thread and ends early, with the attempt made at once, when that thread is interrupted (e.g. at shutdown).
 * <p>
 * Wiring in YAML (the policy's own delay and backoff still apply; {@code maxDelayMillis} bounds a hostile
 * Retry-After):
 * <pre>
 * - beans:
 *     - name: retryAfterDelay
 *       type: io.github.camelpop3ingest.sink.RetryAfterDelay
 *       properties:
 *         maxDelayMillis: 300000
 * - routeConfiguration:
 *     onException:
 *       - onException:
 *           exception:
 *             - io.github.camelpop3ingest.sink.RetryableDeliveryException
 *           onRedeliveryRef: retryAfterDelay
 *           redeliveryPolicy:
 *             maximumRedeliveries: -1
 *             redeliveryDelay: 1000
 *             useExponentialBackOff: true
 *             maximumRedeliveryDelay: 300000
 * </pre>
 * or in Java: {@code onException(RetryableDeliveryException.class).onRedelivery(retryAfterDelay)}.
 */
public class RetryAfterDelay implements Processor {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "retryAfterDelay";
    public static final long DEFAULT_MAX_DELAY_MILLIS = 300_000;

    private static final Logger LOG = LoggerFactory.getLogger(RetryAfterDelay.class);

    private long maxDelayMillis = DEFAULT_MAX_DELAY_MILLIS;

    @Override
    public void process(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RetryableDeliveryException retryable = retryable(caught);
        if (retryable == null || retryable.retryAfter().isEmpty()) {
            return;
        }
        Duration asked = retryable.retryAfter().get();
        Duration cap = Duration.ofMillis(maxDelayMillis);
        Duration wanted = asked.compareTo(cap) > 0 ? cap : asked;
        long waitMillis = wanted.minus(retryable.age()).toMillis();
        if (waitMillis <= 0) {
            return;
        }
        LOG.info("{} asked to retry after {} s; waiting {} ms more before redelivery", retryable.sink(),
                asked.toSeconds(), waitMillis);
        try {
            Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
            // Camel is stopping or the thread is being reclaimed: keep the flag for the caller and attempt now.
            Thread.currentThread().interrupt();
            LOG.info("Ignoring the rest of the Retry-After wait of {}: the redelivery thread was interrupted",
                    retryable.sink());
        }
    }

    private static RetryableDeliveryException retryable(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetryableDeliveryException r) {
                return r;
            }
        }
        return null;
    }

    public long getMaxDelayMillis() {
        return maxDelayMillis;
    }

    /** Longest Retry-After honoured, in milliseconds; default {@value #DEFAULT_MAX_DELAY_MILLIS}. */
    public void setMaxDelayMillis(long maxDelayMillis) {
        if (maxDelayMillis < 0) {
            throw new IllegalArgumentException("maxDelayMillis must not be negative, got " + maxDelayMillis);
        }
        this.maxDelayMillis = maxDelayMillis;
    }
}
