package io.github.camelpop3ingest.archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.testing.CorpusManifest;
import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tricky corpus message, malformed ones included, goes through POP3 into the archive: none is lost, none
 * blocks the mailbox, and each folder holds what RETR delivered.
 */
class CorpusThroughPop3Test {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    @Test
    void everyCorpusMessageIsArchivedWithItsEnvelope() throws Exception {
        List<CorpusManifest.Row> rows = CorpusManifest.rows();
        for (CorpusManifest.Row row : rows) {
            server.deliver(CorpusManifest.mimeDir().resolve(row.get("file")));
        }
        Path archive = tmp.resolve("archive");
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                + "&delay=60000&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, archive)) {
            Pop3PollResult poll = intake.awaitPolls(1);
            assertThat(poll.failed()).isZero();
            assertThat(poll.processed()).isEqualTo(rows.size());
        }
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(archive)) {
            List<Path> envelopes = files.filter(p -> p.getFileName().toString().equals("envelope.json")).toList();
            assertThat(envelopes).hasSize(rows.size());
            for (Path envelope : envelopes) {
                JsonNode node = json.readTree(envelope.toFile());
                Path eml = envelope.resolveSibling(ArchiveWriter.MESSAGE_FILE);
                assertThat(node.get("size").asLong()).isEqualTo(Files.size(eml));
                for (JsonNode part : node.get("parts")) {
                    if (!part.get("path").isNull()) {
                        Path file = envelope.getParent().resolve(part.get("path").asText()).normalize();
                        assertThat(file).startsWith(envelope.getParent().resolve("parts")).isRegularFile();
                    }
                }
            }
        }
    }
}
