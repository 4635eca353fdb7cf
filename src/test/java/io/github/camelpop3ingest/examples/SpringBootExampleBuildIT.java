package io.github.camelpop3ingest.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Spring Boot example, a build of its own, passes its tests against the library jar that this build just made:
 * the jar and the demo jar are installed into the local repository (as {@code mvn install} would), then
 * {@code mvn verify} runs on {@code examples/spring-boot/pom.xml} with the same Maven, repository and online or offline mode.
 */
class SpringBootExampleBuildIT {

    /** The same version as in the root pom's pluginManagement. */
    private static final String INSTALL_FILE = "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file";
    private static final String GROUP_PATH = "io/github/camelpop3ingest/camel-pop3-ingest";
    private static final String VERSION = "0.1.0-SNAPSHOT";
    /** The first build of the example downloads Spring Boot and Camel's starters; later ones take well under a minute. */
    private static final long TIMEOUT_MINUTES = 15;
    private static final String PASSED = "(?m)^\\[INFO\\] Tests run: [1-9]\\d*, Failures: 0, Errors: 0, Skipped: 0$";

    @Test
    void exampleBuildPassesAgainstTheFreshLibraryJar() throws Exception {
        Path jar = Path.of(required("ingest.library.jar"));
        assertThat(jar).as("the library jar that package built").isRegularFile();
        Path repository = Path.of(required("ingest.maven.repo.local"));
        Path logs = Files.createDirectories(Path.of("target", "spring-boot-example").toAbsolutePath());

        // From an empty folder, so that Maven does not read the root project for a goal that needs none.
        Path empty = Files.createDirectories(logs.resolve("install"));
        maven(empty, logs.resolve("install.log"), INSTALL_FILE, "-Dfile=" + jar.toAbsolutePath(),
                "-DpomFile=" + Path.of("pom.xml").toAbsolutePath());
        Path installed = repository.resolve(GROUP_PATH).resolve(VERSION).resolve("camel-pop3-ingest-" + VERSION + ".jar");
        // The example's demo mailbox comes from the demo artifact, which the library jar does not hold.
        Path demoJar = Path.of(required("ingest.demo.jar"));
        assertThat(demoJar).as("the demo jar that package built").isRegularFile();
        maven(empty, logs.resolve("install-demo.log"), INSTALL_FILE, "-Dfile=" + demoJar.toAbsolutePath(),
                "-DgroupId=io.github.camelpop3ingest", "-DartifactId=camel-pop3-ingest", "-Dversion=" + VERSION,
                "-Dpackaging=jar", "-Dclassifier=demo", "-DgeneratePom=false");
        Path installedDemo = repository.resolve(GROUP_PATH).resolve(VERSION)
                .resolve("camel-pop3-ingest-" + VERSION + "-demo.jar");

        Path log = logs.resolve("verify.log");
        maven(Path.of("").toAbsolutePath(), log, "-f", Path.of("examples", "spring-boot", "pom.xml").toString(),
                "verify");
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).as("the example's test summary in " + log)
                .containsPattern(PASSED);
        assertThat(Files.mismatch(installed, jar)).as("another build replaced " + installed + " while the example "
                + "built; it may have tested that jar instead of this one").isEqualTo(-1L);
        assertThat(Files.mismatch(installedDemo, demoJar)).as("another build replaced " + installedDemo
                + " while the example built").isEqualTo(-1L);
    }

    private static void maven(Path workDir, Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(required("ingest.maven.home"), "bin", "mvn").toString());
        command.add("-B");
        command.add("-ntp");
        command.add("-Dmaven.repo.local=" + required("ingest.maven.repo.local"));
        if ("offline=true".equals(System.getProperty("ingest.maven.offline"))) {
            command.add("-o");
        }
        command.addAll(List.of(args));
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The example's test configures its own mailbox; a developer's settings must not leak into it.
        pb.environment().keySet().removeIf(k -> k.startsWith("INGEST_"));
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + TIMEOUT_MINUTES + " minutes; see " + log);
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", command) + " exited with " + p.exitValue() + "; see " + log + ", which ends:\n"
                    + tail(log, 60));
        }
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            fail("System property " + property + " is missing: run this test through failsafe (mvn verify), "
                    + "which sets it");
        }
        return value;
    }
}
