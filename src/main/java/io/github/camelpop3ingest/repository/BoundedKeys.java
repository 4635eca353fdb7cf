package io.github.camelpop3ingest.repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bounds keys derived from message content (invoice numbers, seller names, Message-IDs) before they reach a journal
 * or a database: a sender chooses their length, and one over a store's limit would fail a whole commit point.
 */
public final class BoundedKeys {

    /** Longest content-derived key kept as it is, in UTF-8 bytes; far above any real invoice number or Message-ID. */
    public static final int MAX_BYTES = 512;

    /** Stands between the kept prefix and the digest of a shortened key; no real key contains it. */
    static final String DIGEST_MARK = "~sha256:";

    /** Characters of a long key kept before its digest, so that a person can still tell what it was. */
    private static final int PREFIX_CHARS = 64;

    private BoundedKeys() {
    }

    /**
     * The key itself when it has at most {@link #MAX_BYTES} UTF-8 bytes; otherwise its first characters, a mark and
     * the SHA-256 of the whole key, which tells long keys apart as well as the key did and stays equal for equal keys.
     */
    public static String bound(String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_BYTES) {
            return key;
        }
        int end = Math.min(PREFIX_CHARS, key.length());
        if (Character.isHighSurrogate(key.charAt(end - 1))) {
            end--;
        }
        return key.substring(0, end) + DIGEST_MARK + HexFormat.of().formatHex(sha256(utf8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
