package io.github.camelpop3ingest.sink;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} value (RFC 9110 section 10.2.3), either delta-seconds or an HTTP-date, as the
 * duration still to wait.
 */
final class RetryAfterHeader {

    /** The header's name. */
    static final String NAME = "Retry-After";

    private RetryAfterHeader() {
    }

    /**
     * The wait that {@code value} asks for, measured from {@code now}; empty when the value is absent or malformed,
     * zero when the date already passed.
     */
    static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
            } catch (NumberFormatException e) {
                // More digits than a long holds: a server asking for forever, which the caller's cap will bound.
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE));
            }
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            // RFC 9110 lets a recipient ignore a value it cannot parse; the redelivery policy's own delay applies.
            return Optional.empty();
        }
    }
}
