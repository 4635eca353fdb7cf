package io.github.camelpop3ingest.repository;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The open-addressing table agrees with a HashMap under random puts and removes, including across resizes. */
class KeyInstantTableTest {

    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        KeyInstantTable table = new KeyInstantTable();
        Map<String, Long> reference = new HashMap<>();
        // A small key space forces collisions, removals of present keys and probing across removed slots.
        int keySpace = 5_000;

        for (int step = 0; step < 100_000; step++) {
            String key = "acct" + random.nextInt(4) + "@mail.example.com:995#" + random.nextInt(keySpace);
            byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(3) == 0) {
                assertThat(table.remove(utf8)).as("seed %d step %d", seed, step)
                        .isEqualTo(reference.remove(key) != null);
            } else {
                long instant = random.nextInt(1_000_000);
                table.putEarliest(utf8, instant);
                reference.merge(key, instant, Math::min);
            }
        }

        assertThat(table.size()).as("seed %d", seed).isEqualTo(reference.size());
        for (int i = 0; i < keySpace; i++) {
            for (int account = 0; account < 4; account++) {
                String key = "acct" + account + "@mail.example.com:995#" + i;
                Long expected = reference.get(key);
                assertThat(table.get(key.getBytes(StandardCharsets.UTF_8))).as("seed %d key %s", seed, key)
                        .isEqualTo(expected == null ? KeyInstantTable.ABSENT : expected);
            }
        }
        List<String> visited = new ArrayList<>();
        table.forEach((key, instant) -> visited.add(new String(key, StandardCharsets.UTF_8)));
        assertThat(visited).containsExactlyInAnyOrderElementsOf(reference.keySet());
    }
}
