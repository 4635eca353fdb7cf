package io.github.camelpop3ingest.sink;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Retry-After is read as delta-seconds or as an HTTP-date; anything else is ignored. */
class RetryAfterHeaderTest {

    private static final Instant NOW = Instant.parse("2026-11-27T11:00:00Z");

    @Test
    void deltaSecondsAndHttpDatesBecomeTheWaitFromNow() {
        assertThat(RetryAfterHeader.parse(" 120 ", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfterHeader.parse("Fri, 27 Nov 2026 11:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfterHeader.parse("Fri, 27 Nov 2026 10:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfterHeader.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfterHeader.parse(null, NOW)).isEmpty();
    }
}
