package io.github.camelpop3ingest.main;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.camelpop3ingest.testing.MainJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * bin/camel-pop3-ingest behaves as {@code java -jar target/camel-pop3-ingest.jar} (summary line, exit code), on the
 * AOT cache the build trained when this machine has a JDK 25 or newer, and on plain {@code java -jar} with one INFO
 * line when the cache is stale or corrupt, or silently when INGEST_JAVA names a JDK older than 25. A machine without
 * a JDK 25 is a configuration of its own: then the build trained no cache and every run takes the fallback.
 */
class LauncherRunsLikeJavaJarIT {

    private static final String SUMMARY = "fetched=4 skipped=0 archived=4 failed=0 bytes=7577 delivered=4 "
            + "quarantined=0 retried=0 elapsed=\\d+\\.\\d{3}";
    private static final String IGNORED = "INFO camel-pop3-ingest: ignoring the AOT cache ";
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    Path work;

    @Test
    void trainedCacheIsUsedWhereAJdk25Exists() throws Exception {
        Path cache = cache();
        Optional<Path> jdk25 = jdk25();
        Run run = launcher("aot").env("JDK_JAVA_OPTIONS",
                "-Xlog:class+load=info:file=" + work.resolve("class-load.log")).run();
        run.assertLikeJavaJar();
        assertThat(run.stderr).doesNotContain(IGNORED).doesNotContain("[aot]");
        if (jdk25.isPresent()) {
            assertThat(cache).as("the AOT cache mvn package trains on " + jdk25.get()
                    + " (was the build run with -Dingest.aot.skip=true?)").isRegularFile();
            assertThat(Path.of(cache + ".stamp")).isRegularFile();
            assertThat(cachedCamelClasses()).as("Camel's classes loaded from the AOT cache").isGreaterThan(500);
        } else {
            assertThat(cache).as("no JDK 25 here, so the build trains no cache").doesNotExist();
            assertThat(cachedCamelClasses()).as("Camel's classes loaded from a cache, with none").isZero();
        }
    }

    @Test
    void cacheOfAnotherJarIsIgnoredWithOneLine() throws Exception {
        Path cache = staleOrFakeCache("other.aot");
        Path otherJar = work.resolve("other.jar");
        Files.copy(MainJob.jar(), otherJar);
        Files.setLastModifiedTime(otherJar, FileTime.from(Instant.now().plusSeconds(60)));
        Run run = launcher("other-jar").env("INGEST_JAR", otherJar.toString())
                .env("INGEST_AOT_CACHE", cache.toString()).run();
        run.assertLikeJavaJar();
        assertThat(run.ignoredLines()).singleElement().asString().contains(cache.toString());
    }

    @Test
    void corruptCacheIsIgnoredWithOneLine() throws Exception {
        // Random bytes under a stamp that matches them, the jar and the JDK: only the file's own header tells.
        Path cache = work.resolve("corrupt.aot");
        byte[] junk = new byte[1 << 20];
        new Random(15).nextBytes(junk);
        Files.write(cache, junk);
        Path home = jdk25().orElse(work.resolve("no-jdk-25"));
        Files.writeString(Path.of(cache + ".stamp"), stamp(MainJob.jar(), cache, home), StandardCharsets.UTF_8);
        Run run = launcher("corrupt").env("INGEST_AOT_CACHE", cache.toString()).run();
        run.assertLikeJavaJar();
        assertThat(run.ignoredLines()).singleElement().asString().contains(cache.toString());
        assertThat(run.stderr).doesNotContain("[aot]");
    }

    @Test
    void olderJavaRunsPlainJavaJarSilently() throws Exception {
        // The JDK running this test, which the build requires to be 17 or newer; the launcher must not use a cache
        // on anything older than 25 and must say nothing about it.
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        int feature = Runtime.version().feature();
        Run launched = launcher("older").env("INGEST_JAVA", java.toString()).run();
        Run plain = new Runner(work, "plain", List.of(java.toString(), "-jar", MainJob.jar().toString())).run();
        plain.assertLikeJavaJar();
        launched.assertLikeJavaJar();
        if (feature < 25) {
            assertThat(launched.stderr).doesNotContain(IGNORED);
        }
        assertThat(launched.lastLine().replaceAll("elapsed=.*", ""))
                .isEqualTo(plain.lastLine().replaceAll("elapsed=.*", ""));
    }

    @Test
    void badConfigurationExitsAsJavaJarDoes() throws Exception {
        // Plain text without ingest.pop3.allow-plaintext: refused before anything runs.
        Run launched = launcher("bad").env("INGEST_POP3_HOST", "localhost").env("INGEST_POP3_SECURITY", "plain")
                .run();
        Run plain = new Runner(work, "bad-plain", List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-jar", MainJob.jar().toString())).env("INGEST_POP3_HOST", "localhost")
                .env("INGEST_POP3_SECURITY", "plain").run();
        assertThat(plain.exitCode).as(plain.stderr).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(launched.exitCode).as(launched.stderr).isEqualTo(plain.exitCode);
        assertThat(launched.stdout).isEqualTo(plain.stdout);
    }

    private Runner launcher(String name) {
        String launcher = System.getProperty("ingest.launcher");
        if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
            fail("The launcher is missing or not executable (" + launcher + "): run this test through failsafe "
                    + "(mvn verify), which sets ingest.launcher");
        }
        return new Runner(work, name, List.of(launcher));
    }

    /** The cache the build trained, copied with its stamp; without a JDK 25, a fake one whose JDK is missing. */
    private Path staleOrFakeCache(String name) throws IOException, InterruptedException {
        Path copy = work.resolve(name);
        if (jdk25().isPresent()) {
            Files.copy(cache(), copy, StandardCopyOption.COPY_ATTRIBUTES);
            Files.copy(Path.of(cache() + ".stamp"), Path.of(copy + ".stamp"));
        } else {
            Files.write(copy, new byte[4096]);
            Files.writeString(Path.of(copy + ".stamp"), stamp(MainJob.jar(), copy, work.resolve("no-jdk-25")),
                    StandardCharsets.UTF_8);
        }
        return copy;
    }

    /** What the launcher's aot_stamp function writes, computed by that function. */
    private String stamp(Path jar, Path cache, Path home) throws IOException, InterruptedException {
        Run run = new Runner(work, "stamp-" + cache.getFileName(), List.of("bash", "-c",
                "source \"$0\" && aot_stamp \"$1\" \"$2\" \"$3\"", System.getProperty("ingest.launcher"),
                jar.toRealPath().toString(), cache.toString(), home.toString())).run();
        assertThat(run.exitCode).as(run.stderr).isZero();
        return run.stdout;
    }

    private static Path cache() throws IOException {
        Path jar = MainJob.jar().toRealPath();
        return jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".aot"));
    }

    /** A JDK 25 or newer as the build looks for one: JAVA_HOME, then /usr/lib/jvm. */
    private static Optional<Path> jdk25() throws IOException {
        List<Path> homes = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            homes.add(Path.of(javaHome));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.sorted().forEach(homes::add);
            }
        }
        for (Path home : homes) {
            Path release = home.resolve("release");
            if (Files.isRegularFile(release) && Files.isExecutable(home.resolve("bin/java"))) {
                for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                    if (line.startsWith("JAVA_VERSION=")) {
                        String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                        if (Integer.parseInt(version.split("[.+-]")[0]) >= 25) {
                            return Optional.of(home.toRealPath());
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The JDK's own CDS archive holds JDK classes only: Camel's come from the AOT cache or not at all. */
    private long cachedCamelClasses() throws IOException {
        Path log = work.resolve("class-load.log");
        assertThat(log).as("the class loading log the JVM wrote").isRegularFile();
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(" org.apache.camel.") && l.contains("source: shared objects file"))
                    .count();
        }
    }

    /** One process, with the embedded demo mailbox in once mode, state and archive of its own. */
    private static final class Runner {
        private final Path dir;
        private final String name;
        private final List<String> command;
        private final Map<String, String> env = new HashMap<>();

        Runner(Path work, String name, List<String> command) {
            this.dir = work.resolve(name);
            this.name = name;
            this.command = command;
            env.put("INGEST_ONCE", "true");
        }

        Runner env(String key, String value) {
            env.put(key, value);
            return this;
        }

        Run run() throws IOException, InterruptedException {
            Files.createDirectories(dir);
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            // The caller's settings must not reach the job; the test sets its own.
            pb.environment().keySet().removeIf(k -> k.startsWith("INGEST_") || k.equals("JDK_JAVA_OPTIONS"));
            pb.environment().putAll(env);
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not end within " + TIMEOUT_SECONDS + " s; see " + err);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
        String lastLine() {
            String[] lines = stdout.strip().split("\\R");
            return lines[lines.length - 1];
        }

        void assertLikeJavaJar() {
            assertThat(exitCode).as(stderr).isZero();
            assertThat(stdout.strip()).as("stdout: the summary line only").matches(SUMMARY);
        }

        List<String> ignoredLines() {
            return stderr.lines().filter(l -> l.contains("ignoring the AOT cache")).toList();
        }
    }
}
