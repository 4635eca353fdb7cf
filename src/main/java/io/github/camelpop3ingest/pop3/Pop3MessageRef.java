package io.github.camelpop3ingest.pop3;

import io.github.camelpop3ingest.exchange.MessageKey;

/**
 * One message of the maildrop as this session knows it: its number, valid only in this session, and its key, stable
 * across sessions (the account and the message's UIDL, or its Message-ID fallback id).
 */
record Pop3MessageRef(int number, MessageKey key) {

    /** The UIDL, or the Message-ID fallback id ({@code mid:} or {@code hdr:}). */
    String id() {
        return key.id();
    }

    /** The key as the repositories store it. */
    String stored() {
        return key.toString();
    }
}
