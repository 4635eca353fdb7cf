package io.github.camelpop3ingest.pop3;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * When a durably processed message is deleted from the POP3 server: never, at once, or some days after it was first
 * processed (like getmail's {@code delete_after}).
 */
public final class DeletePolicy {

    /** Keep every message on the server. */
    public static final String KEEP = "keep";
    /** Delete a message in the session that processed it, once every sink confirmed it. */
    public static final String AFTER_PROCESSING = "after-processing";
    /** Prefix of {@code after-days:N}: delete on the first poll N days after the message was first processed. */
    public static final String AFTER_DAYS_PREFIX = "after-days:";

    private final String text;
    private final Duration age;

    private DeletePolicy(String text, Duration age) {
        this.text = text;
        this.age = age;
    }

    /**
     * Parses {@code keep}, {@code after-processing} or {@code after-days:N}; anything else fails with a message that
     * names the setting.
     *
     * @param setting the name of the setting being parsed, used in the error message
     */
    public static DeletePolicy parse(String value, String setting) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals(KEEP)) {
            return new DeletePolicy(KEEP, null);
        }
        if (v.equals(AFTER_PROCESSING)) {
            return new DeletePolicy(AFTER_PROCESSING, Duration.ZERO);
        }
        if (v.startsWith(AFTER_DAYS_PREFIX)) {
            String n = v.substring(AFTER_DAYS_PREFIX.length());
            try {
                int days = Integer.parseInt(n);
                if (days >= 0) {
                    return new DeletePolicy(AFTER_DAYS_PREFIX + days, Duration.ofDays(days));
                }
            } catch (NumberFormatException e) {
                // falls through to the error below, which says what is accepted
            }
        }
        throw new IllegalArgumentException("Invalid " + setting + " '" + value + "': use " + KEEP + ", "
                + AFTER_PROCESSING + " or " + AFTER_DAYS_PREFIX + "N (N whole days, 0 or more)");
    }

    /** Whether this policy ever deletes. */
    public boolean deletes() {
        return age != null;
    }

    /** Whether this policy waits for an age, and so needs to know when a key was first processed. */
    public boolean needsProcessedTime() {
        return age != null && !age.isZero();
    }

    /** Whether a message is deleted in the very session that processed it. */
    public boolean deletesAtOnce() {
        return age != null && age.isZero();
    }

    /** Whether a message first processed at {@code processedAt} is due for deletion at {@code now}. */
    public boolean isDue(Instant processedAt, Instant now) {
        if (age == null) {
            return false;
        }
        if (age.isZero()) {
            return true;
        }
        return processedAt != null && !processedAt.plus(age).isAfter(now);
    }

    @Override
    public String toString() {
        return text;
    }
}
