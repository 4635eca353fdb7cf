package io.github.camelpop3ingest.mime;

import java.time.Instant;

/** Where a message came from: the POP3 account, its UIDL and when the ingest received it. */
public record MessageSource(String account, String uidl, Instant receivedAt) {}
