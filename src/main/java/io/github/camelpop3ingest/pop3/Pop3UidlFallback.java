package io.github.camelpop3ingest.pop3;

/**
 * What messages are keyed on when the POP3 server has no UIDL command.
 */
public enum Pop3UidlFallback {
    /** Fail, naming the server: without UIDL no message can be recognized again. */
    NONE(Pop3IngestConfiguration.UIDL_FALLBACK_NONE),
    /** One TOP per message and poll, keyed on the Message-ID header. */
    MESSAGE_ID(Pop3IngestConfiguration.UIDL_FALLBACK_MESSAGE_ID);

    private final String value;

    Pop3UidlFallback(String value) {
        this.value = value;
    }

    /** The value as users write it, e.g. {@code message-id}. */
    public String value() {
        return value;
    }

    /** Reads the value users write, e.g. {@code message-id}; anything else fails naming {@code what}. */
    public static Pop3UidlFallback parse(String value, String what) {
        for (Pop3UidlFallback fallback : values()) {
            if (fallback.value.equals(value)) {
                return fallback;
            }
        }
        throw new IllegalArgumentException(what + " '" + value + "' is not one of " + NONE.value + ", "
                + MESSAGE_ID.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
