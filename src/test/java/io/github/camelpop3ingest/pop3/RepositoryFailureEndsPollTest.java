package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;

import io.github.camelpop3ingest.testing.IntakeContext;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryFailureEndsPollTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    /** A repository whose storage has failed, as a full disk or a lost database connection would make it. */
    static final class FailingRepository extends MemoryIdempotentRepository {
        @Override
        public boolean contains(String key) {
            throw new IllegalStateException("repository storage failed");
        }
    }

    @Test
    void aFailingRepositoryEndsThePollReportedAndFetchesNothing() throws Exception {
        server.deliverText(2);
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&idempotentRepository=#failing"
                + "&spoolDir=" + tmp.resolve("spool") + "&delay=60000&initialDelay=0";
        try (IntakeContext intake = IntakeContext.start(uri, tmp.resolve("archive"), "failing", new FailingRepository())) {
            intake.awaitPolls(1);
            assertThat(intake.failures()).singleElement()
                    .satisfies(e -> assertThat(e).hasMessage("repository storage failed"));
        }
        assertThat(server.count("RETR")).isZero();
        assertThat(server.count("QUIT")).isEqualTo(1);
    }
}
