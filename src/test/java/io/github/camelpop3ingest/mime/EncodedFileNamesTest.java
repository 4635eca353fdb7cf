package io.github.camelpop3ingest.mime;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 2231 and RFC 2047 attachment names in several charsets decode to the names the sender meant. */
class EncodedFileNamesTest {

    @TempDir
    Path folder;

    @Test
    void decodesRfc2231AndRfc2047Names() {
        MessageDescription envelope = TestMessages.split(TestMessages.fixture("encoded-filenames.eml"), folder);

        assertThat(envelope.parts()).extracting(EnvelopePart::filename).containsExactly(
                "Rechnung März 2024 – final.pdf",
                "Grüße.txt",
                "Список.doc",
                "very long name split in two.txt",
                "日本語.txt",
                "Café crème.txt",
                "żółwёж.txt",
                "テスト.txt",
                "שלום.txt",
                "€uro.txt",
                "préféré.txt",
                "filename.txt");
        assertThat(envelope.parts()).allMatch(EnvelopePart::attachment);
        assertThat(envelope.problems()).isEmpty();
    }

    @Test
    void writesDecodedNamesAsFileNames() {
        MessageDescription envelope = TestMessages.split(TestMessages.fixture("encoded-filenames.eml"), folder);

        List<String> paths = envelope.parts().stream().map(EnvelopePart::path).toList();
        assertThat(paths).contains("parts/Список.doc", "parts/日本語.txt", "parts/Rechnung März 2024 – final.pdf");
        assertThat(paths).allSatisfy(path -> assertThat(folder.resolve(path)).isRegularFile().hasContent("x"));
    }

    @Test
    void decodesDisplayNamesAndMixedCharsetSubjects() {
        MessageDescription envelope = TestMessages.split(TestMessages.fixture("encoded-filenames.eml"), folder);

        assertThat(envelope.from()).containsExactly("Jörg Müller <j@example.com>");
        assertThat(EncodedWordDecoder.decode("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n"
                + " =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=", p -> { }))
                .isEqualTo("If you can read this you understand the example.");
    }
}
