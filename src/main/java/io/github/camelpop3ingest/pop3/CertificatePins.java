package io.github.camelpop3ingest.pop3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The SHA-256 pins a server's leaf certificate must match, each of the whole certificate ({@code sha256:}) or of its
 * SubjectPublicKeyInfo ({@code spki-sha256:}), like fetchmail's sslfingerprint and mpop's tls_fingerprint.
 */
public final class CertificatePins {

    public static final String CERTIFICATE_PREFIX = "sha256:";
    public static final String SPKI_PREFIX = "spki-sha256:";

    private static final int SHA256_BYTES = 32;

    private final List<Pin> pins;

    private CertificatePins(List<Pin> pins) {
        this.pins = List.copyOf(pins);
    }

    /**
     * Parses a comma-separated list of {@code sha256:<hex or base64>} and {@code spki-sha256:<hex or base64>}; hex
     * may separate its bytes with colons. Fails with a message naming {@code setting} and the pin that is wrong.
     */
    public static CertificatePins parse(String spec, String setting) {
        List<Pin> pins = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String pin = raw.trim();
            if (pin.isEmpty()) {
                continue;
            }
            String lower = pin.toLowerCase(Locale.ROOT);
            boolean spki;
            String value;
            if (lower.startsWith(SPKI_PREFIX)) {
                spki = true;
                value = pin.substring(SPKI_PREFIX.length());
            } else if (lower.startsWith(CERTIFICATE_PREFIX)) {
                spki = false;
                value = pin.substring(CERTIFICATE_PREFIX.length());
            } else {
                throw new IllegalArgumentException(setting + ": pin '" + pin + "' must start with " + CERTIFICATE_PREFIX
                        + " (the whole certificate) or " + SPKI_PREFIX + " (its public key)");
            }
            byte[] digest = digestBytes(value.trim());
            if (digest == null) {
                throw new IllegalArgumentException(setting + ": pin '" + pin + "' is not a SHA-256 digest: give 64 hex "
                        + "digits (colons allowed) or the base64 of 32 bytes");
            }
            pins.add(new Pin(spki, digest));
        }
        if (pins.isEmpty()) {
            throw new IllegalArgumentException(setting + " holds no pin: give sha256:<digest> or spki-sha256:<digest>");
        }
        return new CertificatePins(pins);
    }

    private static byte[] digestBytes(String value) {
        String hex = value.replace(":", "");
        if (hex.length() == 2 * SHA256_BYTES && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(hex);
        }
        try {
            // Either alphabet: openssl prints standard base64, HPKP-style tools often the URL-safe one.
            byte[] bytes = value.contains("-") || value.contains("_") ? Base64.getUrlDecoder().decode(value)
                    : Base64.getDecoder().decode(value);
            return bytes.length == SHA256_BYTES ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the certificate, or its public key, matches one of the pins. */
    public boolean matches(X509Certificate certificate) {
        byte[] whole = sha256(encoded(certificate));
        byte[] spki = sha256(certificate.getPublicKey().getEncoded());
        for (Pin pin : pins) {
            if (MessageDigest.isEqual(pin.digest, pin.spki ? spki : whole)) {
                return true;
            }
        }
        return false;
    }

    /** The certificate's pins in the form this class parses, for a message that lets an operator check and copy them. */
    public static String fingerprints(X509Certificate certificate) {
        return CERTIFICATE_PREFIX + HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(encoded(certificate)))
                + " (" + SPKI_PREFIX + Base64.getEncoder().encodeToString(sha256(certificate.getPublicKey().getEncoded()))
                + ")";
    }

    public int size() {
        return pins.size();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("A certificate that passed chain verification has no DER encoding", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private record Pin(boolean spki, byte[] digest) {
    }
}
