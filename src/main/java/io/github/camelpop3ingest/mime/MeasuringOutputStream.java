package io.github.camelpop3ingest.mime;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Passes decoded part bytes on to their destination while counting them and computing their SHA-256. */
final class MeasuringOutputStream extends FilterOutputStream {

    private final MessageDigest digest = sha256();
    private final List<BodyCheck> checks;
    private long size;

    MeasuringOutputStream(OutputStream target, List<BodyCheck> checks) {
        super(target);
        this.checks = List.copyOf(checks);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        for (BodyCheck check : checks) {
            check.update(b, off, len);
        }
        size += len;
    }

    long size() {
        return size;
    }

    /** Hex SHA-256 of everything written; call once, after the last write. */
    String sha256Hex() {
        checks.forEach(BodyCheck::finish);
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform must provide SHA-256", e);
        }
    }
}
