package io.github.camelpop3ingest.repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Keeps the refresh token a token endpoint rotated to, so that a restart, or another instance that takes the mailbox
 * over, does not go back to the configured one, which the endpoint may already have invalidated (Microsoft and Google
 * rotate refresh tokens). A rotated token is used only while the configured one is unchanged: a user who configures
 * a new refresh token starts afresh. Stores never hold the configured token itself, only its {@link #fingerprint}.
 */
public interface RefreshTokenStore {

    /** The token rotated from {@code configured}, if one was stored for it; a failure to read is logged, never thrown. */
    Optional<String> rotatedFrom(String configured);

    /**
     * Stores {@code rotated} as the successor of {@code configured}; a failure is logged, never thrown.
     *
     * @return whether it was stored
     */
    boolean store(String configured, String rotated);

    /** The hex SHA-256 of a token, which tells whether the configured token changed without storing it. */
    static String fingerprint(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
