package io.github.camelpop3ingest.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.camelpop3ingest.testing.MainJob;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example runs with its one command and shows what its README says: the messages of the embedded demo
 * mailbox archived, and the summary line last.
 */
class ExamplesRunIT {

    static List<Path> examples() throws Exception {
        try (Stream<Path> dirs = Files.list(Path.of("examples"))) {
            List<Path> found = dirs.filter(d -> Files.isRegularFile(d.resolve("run.sh"))).sorted().toList();
            assertThat(found).as("examples with a run.sh").isNotEmpty();
            return found;
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleRunsWithItsOneCommand(Path example) throws Exception {
        MainJob.jar();
        Path work = Files.createTempDirectory("example-" + example.getFileName());
        ProcessBuilder pb = new ProcessBuilder("bash", example.resolve("run.sh").toString());
        pb.environment().put("EXAMPLE_WORK_DIR", work.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("INGEST_POP3_"));
        // The demo ERP's usual port is inside Linux's ephemeral range, where a client socket of a concurrent test
        // may hold it: take a free one (the examples that have no ERP ignore both).
        int erpPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            erpPort = free.getLocalPort();
        }
        pb.environment().put("DEMO_ERP_PORT", String.valueOf(erpPort));
        pb.environment().put("INGEST_HTTP_URL", "http://localhost:" + erpPort + "/erp");
        pb.redirectOutput(work.resolve("out.txt").toFile());
        pb.redirectError(work.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8).strip();
        String err = Files.readString(work.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        String[] lines = out.split("\\R");
        assertThat(lines[lines.length - 1]).matches("fetched=4 skipped=0 archived=4 failed=0 bytes=\\d+ delivered=\\d+ quarantined=0 retried=0 elapsed=\\d+\\.\\d{3}");
        String readme = Files.readString(example.resolve("README.md"), StandardCharsets.UTF_8);
        // The same line but for elapsed=, a time that differs on every run.
        String untimed = lines[lines.length - 1].replaceFirst(" elapsed=\\S+$", " elapsed=");
        assertThat(readme).as("the README shows the line the example prints").contains(untimed);
    }
}
