package io.github.camelpop3ingest.mime;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every message of the shared MIME corpus splits into the attachments its manifest expects. */
class CorpusSplitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    static List<CorpusManifest.Row> rows() {
        return CorpusManifest.rows();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void splitsAsTheManifestExpects(CorpusManifest.Row row) throws Exception {
        Path source = CorpusManifest.mimeDir().resolve(row.get("file"));
        Path message = Files.copy(source, folder.resolve("message.eml"));

        MessageDescription envelope = new MimeSplitter().split(message, folder,
                new MessageSource("corpus", row.get("file"), Instant.parse("2025-01-01T00:00:00Z")));

        List<EnvelopePart> attachments = envelope.parts().stream().filter(EnvelopePart::attachment).toList();
        List<String> expectedNames = JSON.readValue(row.get("expected_filenames_json"), new TypeReference<List<String>>() { });
        assertThat(attachments).as("attachments of %s, problems %s", row, envelope.problems())
                .hasSize(Integer.parseInt(row.get("expected_attachments")));
        assertThat(attachments).extracting(EnvelopePart::filename).as("attachment names").containsExactlyElementsOf(expectedNames);

        assertThat(envelope.size()).isEqualTo(Long.parseLong(row.get("bytes"))).isEqualTo(Files.size(message));
        assertThat(envelope.sha256()).isEqualTo(row.get("sha256")).isEqualTo(sha256(message));

        assertPartFilesInsideParts(envelope);

        if (row.get("malformed").equals("yes")) {
            assertThat(envelope.problems()).as("problems of malformed %s (%s)", row, row.get("malformed_notes")).isNotEmpty();
        }
        JsonNode json = JSON.readTree(new EnvelopeWriter().toJson(Envelope.of(envelope)));
        assertThat(json.get("sha256").asText()).isEqualTo(row.get("sha256"));
    }

    private void assertPartFilesInsideParts(MessageDescription envelope) throws Exception {
        Path parts = folder.resolve("parts").toRealPath();
        List<Path> written;
        try (Stream<Path> walk = Files.walk(folder)) {
            written = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("message.eml")).toList();
        }
        for (Path file : written) {
            assertThat(file.toRealPath().getParent()).as("%s", file).isEqualTo(parts);
        }
        List<EnvelopePart> files = envelope.parts().stream().filter(p -> p.path() != null).toList();
        assertThat(files).as("every leaf is written").hasSameSizeAs(envelope.parts());
        assertThat(written).hasSize(files.size());
        for (EnvelopePart part : files) {
            Path file = folder.resolve(part.path());
            assertThat(part.path()).startsWith("parts/").doesNotContain("\\");
            assertThat(file).exists();
            assertThat(Files.size(file)).isEqualTo(part.size());
            assertThat(sha256(file)).isEqualTo(part.sha256());
            assertThat(part.parts()).as("embedded parts are described, not written").allSatisfy(CorpusSplitTest::assertNotWritten);
        }
    }

    private static void assertNotWritten(EnvelopePart part) {
        assertThat(part.path()).isNull();
        part.parts().forEach(CorpusSplitTest::assertNotWritten);
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
