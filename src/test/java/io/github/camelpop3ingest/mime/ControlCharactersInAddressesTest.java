package io.github.camelpop3ingest.mime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A control character in an address header, raw or from an encoded-word, is flagged as a problem naming the header,
 * and the address is still listed, without the control character.
 */
class ControlCharactersInAddressesTest {

    @TempDir
    Path folder;

    @Test
    void removesControlCharactersFromAddressesAndNamesTheHeader() throws Exception {
        Path message = write("From: Evil\u0000Name <evil@example.com>\r\n"
                + "To: =?utf-8?Q?Bob=01=07?= <bob@example.com>, carol@example.com\r\n"
                + "Cc: da\u0000ve@example.com\r\n"
                + "Reply-To: Erin\u007f <erin@example.com>\r\n"
                + "Subject: controls\r\n\r\nhi\r\n");

        MessageDescription envelope = TestMessages.split(message, folder);

        assertThat(envelope.from()).containsExactly("EvilName <evil@example.com>");
        assertThat(envelope.to()).containsExactly("Bob <bob@example.com>", "carol@example.com");
        assertThat(envelope.cc()).containsExactly("dave@example.com");
        assertThat(envelope.replyTo()).containsExactly("Erin <erin@example.com>");
        assertThat(envelope.problems()).containsExactly(
                "From header: control character U+0000 removed from address 'EvilName <evil@example.com>'",
                "To header: control characters U+0001, U+0007 removed from address 'Bob <bob@example.com>'",
                "Cc header: control character U+0000 removed from address 'dave@example.com'",
                "Reply-To header: control character U+007F removed from address 'Erin <erin@example.com>'");
    }

    @Test
    void keepsTabsAndFoldsAsWhitespace() throws Exception {
        Path message = write("From: \"Frank\tFoo\" <frank@example.com>\r\nTo: grace@example.com,\r\n\thank@example.com\r\n"
                + "Subject: folded\r\n\r\nhi\r\n");

        MessageDescription envelope = TestMessages.split(message, folder);

        assertThat(envelope.to()).containsExactly("grace@example.com", "hank@example.com");
        assertThat(envelope.problems()).isEmpty();
    }

    private Path write(String text) throws Exception {
        Path message = folder.resolve("message.eml");
        Files.writeString(message, text, StandardCharsets.ISO_8859_1);
        return message;
    }
}
