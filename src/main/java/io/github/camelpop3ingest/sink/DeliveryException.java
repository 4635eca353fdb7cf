package io.github.camelpop3ingest.sink;

/**
 * A sink did not confirm a message; whether Camel's redelivery should try again is decided by the subclass.
 */
public abstract class DeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sink;

    protected DeliveryException(String sink, String message, Throwable cause) {
        super(sink + ": " + message, cause);
        this.sink = sink;
    }

    /** The sink that failed, e.g. {@code http} or {@code jms}. */
    public String sink() {
        return sink;
    }
}
