package io.github.camelpop3ingest.sink;

import java.time.Duration;
import java.util.Optional;

/**
 * A sink failed in a way that may pass on a later attempt (HTTP 5xx, 408, 429, a timeout, a refused connection, a
 * broker away); the redelivery policy retries it, waiting at least {@link #retryAfter()} when the sink asked.
 */
public class RetryableDeliveryException extends DeliveryException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;
    // Monotonic, so that the time already waited survives wall-clock jumps.
    private final transient long raisedAtNanos = System.nanoTime();

    public RetryableDeliveryException(String sink, String message, Duration retryAfter, Throwable cause) {
        super(sink, message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the sink asked us to wait (HTTP {@code Retry-After}), if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Time passed since this failure was raised, i.e. how much of {@link #retryAfter()} has already been waited. */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - raisedAtNanos);
    }
}
