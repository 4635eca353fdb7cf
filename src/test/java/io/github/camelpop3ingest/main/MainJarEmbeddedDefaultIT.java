package io.github.camelpop3ingest.main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.camelpop3ingest.testing.MainJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command: the runnable jar with no mailbox configured drains the embedded demo mailbox.
 */
class MainJarEmbeddedDefaultIT {

    @TempDir
    Path work;

    @Test
    void firstRunArchivesTheSamplesAndASecondRunSkipsThem() throws Exception {
        MainJob job = new MainJob(work).env("INGEST_ONCE", "true");

        Process first = job.start("first");
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(job.stderr("first")).isZero();
        assertThat(job.lastLine("first")).matches("fetched=4 skipped=0 archived=4 failed=0 bytes=\\d+ delivered=4 quarantined=0 retried=0 elapsed=\\d+\\.\\d{3}");

        Path archive = work.resolve("archive");
        try (Stream<Path> files = Files.walk(archive)) {
            List<Path> envelopes = files.filter(p -> p.getFileName().toString().equals("envelope.json")).toList();
            assertThat(envelopes).hasSize(4);
            for (Path envelope : envelopes) {
                // The samples are well-formed: a problem here is a bug in them or in the splitter.
                assertThat(Files.readString(envelope)).as(envelope.toString()).contains("\"problems\" : [ ]");
            }
        }

        Process second = job.start("second");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(job.stderr("second")).isZero();
        assertThat(job.lastLine("second")).matches("fetched=0 skipped=4 archived=0 failed=0 bytes=0 delivered=0 quarantined=0 retried=0 elapsed=\\d+\\.\\d{3}");
    }
}
