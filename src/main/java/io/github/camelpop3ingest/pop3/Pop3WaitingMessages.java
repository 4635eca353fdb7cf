package io.github.camelpop3ingest.pop3;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How long the messages on the server that are not processed yet have been waiting, from the poll that first saw
 * each, across polls. Only the poll's thread uses it: the inventory notes what it sees, the commit point what it
 * confirmed.
 */
final class Pop3WaitingMessages {

    private final Map<String, Instant> since = new HashMap<>();

    /** Whatever left the server (deleted elsewhere, or by us) waits no more. */
    void onServer(List<Pop3MessageRef> messages) {
        // Nothing to do, and no set of every key to build, on the common poll where nothing waits.
        if (!since.isEmpty()) {
            Set<String> keys = new HashSet<>();
            for (Pop3MessageRef m : messages) {
                keys.add(m.stored());
            }
            since.keySet().retainAll(keys);
        }
    }

    void seen(Pop3MessageRef message, Instant now) {
        since.putIfAbsent(message.stored(), now);
    }

    void confirmed(String key) {
        since.remove(key);
    }

    /** How long the oldest message still waiting has waited at {@code now}; 0 when none waits. */
    long oldestMillis(Instant now) {
        return since.values().stream().min(Instant::compareTo)
                .map(first -> Math.max(0, Duration.between(first, now).toMillis())).orElse(0L);
    }
}
