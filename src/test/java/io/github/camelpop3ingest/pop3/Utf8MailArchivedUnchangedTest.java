package io.github.camelpop3ingest.pop3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.testing.IntakeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: from a server that replaces a message with raw UTF-8 headers by a notice unless the client sent UTF8
 * (as Courier does), the route archives the original byte for byte, and delete=after-processing removes it only then.
 */
class Utf8MailArchivedUnchangedTest {

    @TempDir
    Path tmp;

    @Test
    void archivedMessageIsTheOriginalAndOnlyThenDeleted() throws Exception {
        byte[] original = Pop3ConnectionUtf8Test.rawUtf8Message();
        try (UnicodeNoticePop3Server server = new UnicodeNoticePop3Server().capabilities("USER", "UIDL", "UTF8 USER")) {
            server.deliver(original);
            String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + tmp.resolve("state")
                    + "&spoolDir=" + tmp.resolve("spool") + "&delete=after-processing&delay=200&initialDelay=0";
            try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"))) {
                Pop3PollResult first = intake.awaitPolls(1);

                assertThat(intake.failures()).isEmpty();
                assertThat(first.processed()).isEqualTo(1);
                assertThat(first.deleted()).isEqualTo(1);
            }
            List<Path> archived = archivedMessages(tmp.resolve("archive"));
            assertThat(archived).singleElement().satisfies(eml -> {
                assertThat(Files.readString(eml)).doesNotContain(UnicodeNoticePop3Server.NOTICE_SUBJECT);
                assertThat(Files.readAllBytes(eml)).isEqualTo(original);
            });
            assertThat(server.messagesOnServer()).isZero();
            assertThat(server.commands()).containsSubsequence("CAPA", "UTF8", "USER alice", "PASS ***", "UIDL",
                    "RETR 1", "DELE 1", "QUIT");
            server.check();
        }
    }

    private static List<Path> archivedMessages(Path archive) throws Exception {
        try (Stream<Path> files = Files.walk(archive)) {
            return files.filter(p -> p.getFileName().toString().equals(ArchiveWriter.MESSAGE_FILE)).toList();
        }
    }
}
