package io.github.camelpop3ingest.sink;

/**
 * A sink refused a message in a way that retrying cannot fix (an HTTP 4xx other than 408 and 429); the message goes
 * to quarantine without further attempts.
 */
public class PermanentDeliveryException extends DeliveryException {

    private static final long serialVersionUID = 1L;

    public PermanentDeliveryException(String sink, String message, Throwable cause) {
        super(sink, message, cause);
    }
}
