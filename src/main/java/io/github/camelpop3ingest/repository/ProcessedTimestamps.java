package io.github.camelpop3ingest.repository;

import java.time.Instant;
import java.util.Optional;

/** Lets a delete policy ask when a key was first confirmed. */
public interface ProcessedTimestamps {

    /**
     * Returns the instant the key was first confirmed, or empty if it is not confirmed (absent, pending or removed).
     */
    Optional<Instant> processedAt(String key);
}
