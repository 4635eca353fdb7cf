package io.github.camelpop3ingest.mime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conflicting file name parameters resolve as filename* > filename > filename*0..n > name* > name > name*0..n, and
 * RFC 2231 continuations are joined only up to their first gap, with a problem naming it.
 */
class FileNameParameterPrecedenceTest {

    @TempDir
    Path folder;

    @Test
    void resolvesConflictingNamesByOnePrecedence() throws Exception {
        Path message = write(List.of(
                "Content-Type: application/pdf; name=\"n.pdf\"; name*=utf-8''n%C3%A4.pdf\r\n"
                        + "Content-Disposition: attachment; filename*0=\"cont\"; filename*1=\".pdf\"; filename=\"plain.pdf\";\r\n"
                        + " filename*=utf-8''extended%C3%A9.pdf",
                "Content-Type: application/pdf; name=\"n.pdf\"\r\n"
                        + "Content-Disposition: attachment; filename*0=\"cont\"; filename*1=\".pdf\"; filename=\"plain.pdf\"",
                "Content-Type: application/pdf; name*=utf-8''n%C3%A4.pdf; name=\"n.pdf\"\r\n"
                        + "Content-Disposition: attachment; filename*0*=utf-8''cont%C3%A4; filename*1=\".pdf\"",
                "Content-Type: application/pdf; name=\"n.pdf\"; name*=utf-8''n%C3%A4.pdf\r\n"
                        + "Content-Disposition: attachment",
                "Content-Type: application/pdf; name*0=\"cont\"; name*1=\".pdf\"; name=\"n.pdf\"\r\n"
                        + "Content-Disposition: attachment",
                "Content-Type: application/pdf\r\n"
                        + "Content-Disposition: attachment; filename*=utf-8''; filename=\"plain.pdf\""));

        MessageDescription envelope = TestMessages.split(message, folder);

        assertThat(envelope.parts()).extracting(EnvelopePart::filename)
                .containsExactly(null, "extendedé.pdf", "plain.pdf", "contä.pdf", "nä.pdf", "n.pdf", "plain.pdf");
        assertThat(envelope.problems()).isEmpty();
    }

    @Test
    void joinsContinuationsOnlyUpToTheirFirstGap() throws Exception {
        Path message = write(List.of(
                "Content-Type: application/pdf\r\n"
                        + "Content-Disposition: attachment; filename*0=\"invoice\"; filename*999999=\".exe\"",
                "Content-Type: application/pdf\r\n"
                        + "Content-Disposition: attachment; filename*0=\"a\"; filename*2=\"c.pdf\"; filename*1=\"b\";"
                        + " filename*4=\"e\"",
                "Content-Type: application/pdf; name=\"fallback.pdf\"\r\n"
                        + "Content-Disposition: attachment; filename*1=\"orphan.pdf\""));

        MessageDescription envelope = TestMessages.split(message, folder);

        assertThat(envelope.parts()).extracting(EnvelopePart::filename)
                .containsExactly(null, "invoice", "abc.pdf", "fallback.pdf");
        assertThat(envelope.problems()).containsExactly(
                "part 2: Content-Disposition parameter filename: RFC 2231 continuation has a gap (*1 missing before"
                        + " *999999); sections from *999999 on ignored",
                "part 3: Content-Disposition parameter filename: RFC 2231 continuation has a gap (*3 missing before"
                        + " *4); sections from *4 on ignored",
                "part 4: Content-Disposition parameter filename: RFC 2231 continuation has a gap (*0 missing before"
                        + " *1); sections from *1 on ignored");
    }

    /** A text part, then one empty-bodied part per header block. */
    private Path write(List<String> headerBlocks) throws Exception {
        StringBuilder msg = new StringBuilder("From: a@example.com\r\nSubject: names\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n");
        for (String headers : headerBlocks) {
            msg.append("--b\r\n").append(headers).append("\r\n\r\nx\r\n");
        }
        msg.append("--b--\r\n");
        Path message = folder.resolve("message.eml");
        Files.writeString(message, msg, StandardCharsets.US_ASCII);
        return message;
    }
}
