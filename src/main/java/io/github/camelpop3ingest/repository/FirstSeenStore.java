package io.github.camelpop3ingest.repository;

/** Remembers, for each key, the first value ever stored under it, e.g. the first message that carried an invoice. */
public interface FirstSeenStore {

    /**
     * Stores {@code value} under {@code key} unless a value is stored there already, and returns the stored one:
     * {@code value} for the first caller, the earlier value for every later one, whichever instance asks.
     */
    String putIfAbsent(String key, String value);
}
