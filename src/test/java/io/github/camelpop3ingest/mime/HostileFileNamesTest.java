package io.github.camelpop3ingest.mime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Attachment names that try to leave parts/, hide, or break a file system still end up as safe files in parts/. */
class HostileFileNamesTest {

    @TempDir
    Path folder;

    static List<String> hostileNames() {
        return List.of(
                "../../etc/passwd",
                "..\\..\\x",
                "/abs/path",
                "C:\\Windows\\system32\\evil.dll",
                "a\u0000b",
                "line\nbreak.txt",
                "CON.txt",
                "nul",
                "lpt1",
                "com9.tar.gz",
                ".",
                "..",
                "...",
                ".bashrc",
                "trailing dots...",
                "trailing space ",
                "what?<*>|:\".txt",
                "invoice\u202Efdp.exe",
                "x".repeat(500),
                "ü".repeat(300) + ".pdf");
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("hostileNames")
    void keepsHostileNameInsideParts(String name) throws Exception {
        Path message = writeMessage(List.of(name));

        MessageDescription envelope = TestMessages.split(message, folder);

        EnvelopePart part = envelope.parts().get(1);
        assertThat(part.filename()).isEqualTo(name);
        assertThat(part.attachment()).isTrue();
        assertThat(part.path()).startsWith("parts/");
        String fileName = part.path().substring("parts/".length());
        assertThat(fileName).doesNotContain("/", "\\", "\u0000", "\n").isNotIn(".", "..").doesNotStartWith(".");
        assertThat(fileName.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FileNameSanitizer.MAX_BYTES);
        Path file = folder.resolve(part.path());
        assertThat(file).isRegularFile().hasContent("hostile");
        assertThat(file.toRealPath().getParent()).isEqualTo(folder.resolve("parts").toRealPath());
        assertOnlyPartsWritten();
    }

    @Test
    void givesDistinctFilesToNamesThatSanitizeAlike() throws Exception {
        Path message = writeMessage(List.of("a/b.txt", "a\\b.txt", "a:b.txt", "A_B.txt"));

        MessageDescription envelope = TestMessages.split(message, folder);

        assertThat(envelope.parts().subList(1, 5)).extracting(EnvelopePart::path)
                .containsExactly("parts/a_b.txt", "parts/a_b-2.txt", "parts/a_b-3.txt", "parts/A_B-4.txt");
        assertOnlyPartsWritten();
    }

    @Test
    void prefixesWindowsDeviceNamesAndKeepsExtensionWhenTruncating() {
        assertThat(FileNameSanitizer.sanitize("CON.txt", "f")).isEqualTo("_CON.txt");
        assertThat(FileNameSanitizer.sanitize("nul", "f")).isEqualTo("_nul");
        assertThat(FileNameSanitizer.sanitize("..", "fallback.bin")).isEqualTo("fallback.bin");
        assertThat(FileNameSanitizer.sanitize("../../etc/passwd", "f")).isEqualTo("___.._etc_passwd");
        assertThat(FileNameSanitizer.sanitize("x".repeat(500) + ".pdf", "f")).hasSize(FileNameSanitizer.MAX_BYTES).endsWith("x.pdf");
        assertThat(FileNameSanitizer.sanitize("e\u0301.txt", "f")).isEqualTo("\u00e9.txt");
    }

    /** A message with a text body and one attachment per name, each name sent RFC 2231-encoded (so NUL/LF survive). */
    private Path writeMessage(List<String> names) throws Exception {
        StringBuilder msg = new StringBuilder("From: a@example.com\r\nSubject: hostile\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n");
        for (String name : names) {
            msg.append("--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''")
                    .append(percentEncode(name)).append("\r\n\r\nhostile\r\n");
        }
        msg.append("--b--\r\n");
        Path message = folder.resolve("message.eml");
        Files.writeString(message, msg, StandardCharsets.US_ASCII);
        return message;
    }

    private static String percentEncode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format("%%%02X", b & 0xff));
        }
        return out.toString();
    }

    private void assertOnlyPartsWritten() throws Exception {
        Path parts = folder.resolve("parts").toRealPath();
        try (Stream<Path> files = Files.walk(folder)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("message.eml")))
                    .allSatisfy(p -> assertThat(p.toRealPath().getParent()).isEqualTo(parts));
        }
        try (Stream<Path> dirs = Files.walk(folder)) {
            assertThat(dirs.filter(Files::isDirectory)).containsExactlyInAnyOrder(folder, folder.resolve("parts"));
        }
    }
}
