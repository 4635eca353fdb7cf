package io.github.camelpop3ingest.testing;

import java.nio.charset.StandardCharsets;

/**
 * Small synthetic messages for tests.
 */
public final class TestMessages {

    private TestMessages() {
    }

    /** A plain text message with a unique Message-ID. */
    public static byte[] text(String body) {
        String id = Long.toHexString(System.nanoTime()) + "." + Integer.toHexString(body.hashCode());
        return ("From: Sender <sender@example.com>\r\n"
                + "To: alice@localhost\r\n"
                + "Subject: " + body + "\r\n"
                + "Date: Mon, 02 Nov 2026 09:15:00 +0100\r\n"
                + "Message-ID: <" + id + "@example.com>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "\r\n"
                + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
