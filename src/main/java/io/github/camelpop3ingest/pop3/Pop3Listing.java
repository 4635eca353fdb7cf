package io.github.camelpop3ingest.pop3;

/**
 * One line of a UIDL reply: the message's number in this session and its unique id, stable across sessions.
 */
public record Pop3Listing(int number, String uid) {
}
