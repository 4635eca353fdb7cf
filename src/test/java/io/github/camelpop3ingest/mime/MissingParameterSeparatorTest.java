package io.github.camelpop3ingest.mime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Content-Type or Content-Disposition parameter on a folded line without the ';' before it is still read: the
 * message is split by its boundary, and a problem names the header and the parameter.
 */
class MissingParameterSeparatorTest {

    private static final String PARTS = "--b1\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
            + "--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"a.pdf\"\r\n\r\npdf\r\n"
            + "--b1--\r\n";

    @TempDir
    Path folder;

    @Test
    void splitsByABoundaryFoldedWithASpace() throws Exception {
        MessageDescription envelope = split("Content-Type: multipart/mixed\r\n boundary=\"b1\"\r\n\r\n" + PARTS);

        assertThat(envelope.parts()).extracting(EnvelopePart::contentType).containsExactly("text/plain", "application/pdf");
        assertThat(envelope.parts()).extracting(EnvelopePart::filename).containsExactly(null, "a.pdf");
        assertThat(envelope.problems())
                .containsExactly("message: Content-Type parameter boundary: the ';' before it is missing; read as a parameter");
    }

    @Test
    void splitsByABoundaryFoldedWithATab() throws Exception {
        MessageDescription envelope = split("Content-Type: multipart/mixed\r\n\tboundary=b1\r\n\r\n" + PARTS);

        assertThat(envelope.parts()).extracting(EnvelopePart::contentType).containsExactly("text/plain", "application/pdf");
        assertThat(envelope.problems())
                .containsExactly("message: Content-Type parameter boundary: the ';' before it is missing; read as a parameter");
    }

    @Test
    void splitsByABoundaryFoldedAfterAnotherParameter() throws Exception {
        MessageDescription envelope = split("Content-Type: multipart/mixed; charset=\"us-ascii\"\r\n boundary=\"b1\"\r\n\r\n" + PARTS);

        assertThat(envelope.parts()).extracting(EnvelopePart::contentType).containsExactly("text/plain", "application/pdf");
        assertThat(envelope.problems())
                .containsExactly("message: Content-Type parameter boundary: the ';' before it is missing; read as a parameter");
    }

    @Test
    void readsCharsetAndFilenameOfAPartTheSameWay() throws Exception {
        MessageDescription envelope = split("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain\r\n charset=utf-8\r\n\r\nhi\r\n"
                + "--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment\r\n\tfilename=\"a.pdf\"\r\n\r\n"
                + "pdf\r\n--b1--\r\n");

        assertThat(envelope.parts()).extracting(EnvelopePart::charset).containsExactly("utf-8", null);
        assertThat(envelope.parts()).extracting(EnvelopePart::filename).containsExactly(null, "a.pdf");
        assertThat(envelope.parts()).extracting(EnvelopePart::disposition).containsExactly(null, "attachment");
        assertThat(envelope.problems()).containsExactly(
                "part 1: Content-Type parameter charset: the ';' before it is missing; read as a parameter",
                "part 2: Content-Disposition parameter filename: the ';' before it is missing; read as a parameter");
    }

    @Test
    void keepsAnUnquotedValueWithBlanksOnOneLineAsOneValue() throws Exception {
        MessageDescription envelope = split("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=Vietnam a=b.pdf\r\n"
                + "\r\npdf\r\n--b1--\r\n");

        assertThat(envelope.parts()).extracting(EnvelopePart::filename).containsExactly("Vietnam a=b.pdf");
        assertThat(envelope.problems()).noneMatch(p -> p.contains("';' before it is missing"));
    }

    private MessageDescription split(String header) throws Exception {
        Path message = folder.resolve("message.eml");
        Files.writeString(message, "From: a@example.com\r\nSubject: fold\r\nMIME-Version: 1.0\r\n" + header,
                StandardCharsets.US_ASCII);
        return TestMessages.split(message, folder);
    }
}
