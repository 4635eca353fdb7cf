package io.github.camelpop3ingest.repository;

import java.io.IOException;
import java.util.Arrays;

/**
 * Compact map from UTF-8 key bytes to an epoch-millis instant, sized for millions of confirmed keys.
 *
 * <p>A {@code HashMap<String, Long>} spends a String header, a boxed Long and a map node on every key; open addressing
 * over a {@code byte[][]} and a {@code long[]} keeps only the key bytes and one slot per entry. Not thread-safe: the
 * repository guards it with its lock.
 */
final class KeyInstantTable {

    /** Returned by {@link #get} for an absent key; no real confirm instant is this far in the past. */
    static final long ABSENT = Long.MIN_VALUE;

    private static final int MIN_CAPACITY = 16;
    private static final double MAX_LOAD = 0.7;

    /** Visits one live entry; may throw because the caller usually writes it to a file. */
    @FunctionalInterface
    interface EntryVisitor {
        void visit(byte[] key, long epochMillis) throws IOException;
    }

    private byte[][] keys;
    private long[] instants;
    private int size;
    private int resizeAt;

    KeyInstantTable() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    long get(byte[] key) {
        int slot = find(key);
        return keys[slot] == null ? ABSENT : instants[slot];
    }

    /** Stores the instant, or keeps the existing one if it is earlier, so the first confirmation wins. */
    void putEarliest(byte[] key, long epochMillis) {
        int slot = find(key);
        if (keys[slot] != null) {
            instants[slot] = Math.min(instants[slot], epochMillis);
            return;
        }
        keys[slot] = key;
        instants[slot] = epochMillis;
        if (++size > resizeAt) {
            rehash(keys.length * 2);
        }
    }

    boolean remove(byte[] key) {
        int hole = find(key);
        if (keys[hole] == null) {
            return false;
        }
        keys[hole] = null;
        size--;
        // Backward-shift deletion: linear probing has no tombstones, so entries that probed past the hole move into it.
        int mask = keys.length - 1;
        for (int next = (hole + 1) & mask; keys[next] != null; next = (next + 1) & mask) {
            int home = home(keys[next], mask);
            boolean homeBetweenHoleAndNext = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!homeBetweenHoleAndNext) {
                keys[hole] = keys[next];
                instants[hole] = instants[next];
                keys[next] = null;
                hole = next;
            }
        }
        return true;
    }

    void clear() {
        allocate(MIN_CAPACITY);
    }

    void forEach(EntryVisitor visitor) throws IOException {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != null) {
                visitor.visit(keys[slot], instants[slot]);
            }
        }
    }

    private int find(byte[] key) {
        int mask = keys.length - 1;
        int slot = home(key, mask);
        while (keys[slot] != null && !Arrays.equals(keys[slot], key)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int home(byte[] key, int mask) {
        // Keys share long prefixes (account names); spread the polynomial hash so the low bits differ.
        int h = Arrays.hashCode(key) * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    private void rehash(int capacity) {
        byte[][] oldKeys = keys;
        long[] oldInstants = instants;
        allocate(capacity);
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldKeys[slot] != null) {
                int target = find(oldKeys[slot]);
                keys[target] = oldKeys[slot];
                instants[target] = oldInstants[slot];
                size++;
            }
        }
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        instants = new long[capacity];
        size = 0;
        resizeAt = (int) (capacity * MAX_LOAD);
    }
}
