package io.github.camelpop3ingest.invoice;

/**
 * The input of an invoice extraction is no RFC 822 message (empty, or not starting with a header field), so no
 * result could say whether it carries invoices; the message names what was found instead.
 */
public class NotAMessageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NotAMessageException(String message) {
        super(message);
    }
}
