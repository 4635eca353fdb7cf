package io.github.camelpop3ingest.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Raw UTF-8 header bytes whose last character lost its final byte(s) decode as UTF-8 with U+FFFD, not windows-1252. */
class CutUtf8CharacterInHeaderTest {

    @TempDir
    Path folder;

    @Test
    void decodesSubjectAndFilenameAsUtf8WithOneReplacementCharacter() throws Exception {
        // "Grüße aus Köln €" with the euro sign (E2 82 AC) cut to E2 82; the file name "Müller €.pdf" the same way.
        Path message = write(utf8("From: a@example.com\r\nSubject: Grüße aus Köln "), bytes(0xe2, 0x82),
                utf8("\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                        + "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
                        + "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"Müller "),
                bytes(0xe2, 0x82), utf8(".pdf\"\r\n\r\npdf\r\n--b--\r\n"));

        MessageDescription envelope = TestMessages.split(message, folder);

        assertThat(envelope.subject()).isEqualTo("Grüße aus Köln \uFFFD");
        assertThat(envelope.parts()).extracting(EnvelopePart::filename).containsExactly(null, "Müller \uFFFD.pdf");
        assertThat(envelope.problems()).containsExactly(
                "message: header 'Subject' has raw 8-bit bytes with a UTF-8 character cut short; decoded as UTF-8 with"
                        + " U+FFFD for it",
                "part 2: header 'Content-Disposition' has raw 8-bit bytes with a UTF-8 character cut short; decoded as"
                        + " UTF-8 with U+FFFD for it");
    }

    @Test
    void takesALoneLeadByteForCutUtf8OnlyWhenTheRestIsUtf8() throws Exception {
        // "Köln" with the ö (C3 B6) cut to C3 after "Grüße" in UTF-8; and "café" in windows-1252, whose é (E9) alone
        // looks like a cut lead byte.
        Path message = write(utf8("From: a@example.com\r\nSubject: Grüße aus K"), bytes(0xc3),
                utf8("\r\nKeywords: caf"), bytes(0xe9), utf8("\r\n\r\nhi\r\n"));

        MessageDescription envelope = TestMessages.split(message, folder);

        assertThat(envelope.subject()).isEqualTo("Grüße aus K\uFFFD");
        assertThat(HeaderBytes.decode(bytes(0x63, 0x61, 0x66, 0xe9)).text()).isEqualTo("café");
        assertThat(envelope.problems()).containsExactly(
                "message: header 'Subject' has raw 8-bit bytes with a UTF-8 character cut short; decoded as UTF-8 with"
                        + " U+FFFD for it",
                "message: header 'Keywords' has raw 8-bit bytes that are not UTF-8; decoded as windows-1252");
    }

    @Test
    void keepsWindows1252WhenMoreThanTheLastCharacterIsBroken() {
        // Two cut characters, or a cut one followed by another 8-bit byte, are not a truncation.
        assertThat(HeaderBytes.decode(bytes(0xc3, 0xbc, 0x20, 0xe2, 0x82, 0x20, 0xe2, 0x82)).fallback()).isTrue();
        assertThat(HeaderBytes.decode(bytes(0xc3, 0xbc, 0xe2, 0x82, 0xfc)).fallback()).isTrue();
        assertThat(HeaderBytes.decode(bytes(0xc3, 0xbc, 0xe2, 0x82)))
                .isEqualTo(new HeaderBytes.Decoded("ü\uFFFD", true, false, true));
    }

    private Path write(byte[]... chunks) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        Path message = folder.resolve("message.eml");
        Files.write(message, out.toByteArray());
        return message;
    }

    /** Test text as UTF-8, the raw 8-bit header bytes of an SMTPUTF8 sender. */
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
