package io.github.camelpop3ingest.archive;

import java.nio.charset.StandardCharsets;

/**
 * Turns an account or a UIDL into one safe, reversible directory name by percent-encoding everything but
 * letters, digits and {@code -_.@+=}.
 */
public final class ArchiveNames {

    private ArchiveNames() {
    }

    /** Encodes {@code value} so that it is a single path segment on every common filesystem. */
    public static String encode(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '@' || c == '+' || c == '=';
            if (safe) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        String s = sb.toString();
        // "." and ".." and hidden names would mean something else to the filesystem.
        if (s.isEmpty() || s.startsWith(".")) {
            s = "%2E" + s.substring(Math.min(1, s.length()));
        }
        return s;
    }
}
