package io.github.camelpop3ingest.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the main job as a child JVM from the runnable jar that {@code mvn package} built, with settings given as
 * environment variables, as a user runs it.
 */
public final class MainJob {

    private final Map<String, String> env = new HashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> programArgs = new ArrayList<>();
    private final Path workDir;

    public MainJob(Path workDir) {
        this.workDir = workDir;
    }

    /** The main job's settings for a mailbox of {@code server}, archive and state under the work directory. */
    public static MainJob forServer(RecordingPop3Server server, Path workDir) {
        return new MainJob(workDir)
                .env("INGEST_POP3_HOST", "localhost")
                .env("INGEST_POP3_PORT", String.valueOf(server.port()))
                .env("INGEST_POP3_USERNAME", RecordingPop3Server.USER)
                .env("INGEST_POP3_PASSWORD", RecordingPop3Server.PASSWORD)
                .env("INGEST_POP3_TRUSTSTORE", RecordingPop3Server.certificate().toString())
                .env("INGEST_ARCHIVE_DIR", workDir.resolve("archive").toString())
                .env("INGEST_STATE_DIR", workDir.resolve("state").toString())
                .env("INGEST_ONCE", "true");
    }

    /** The main job's settings for the private Dovecot's mailbox, archive and state under the work directory. */
    public static MainJob forDovecot(DovecotServer dovecot, Path workDir) {
        return new MainJob(workDir)
                .env("INGEST_POP3_HOST", "localhost")
                .env("INGEST_POP3_PORT", String.valueOf(dovecot.port()))
                .env("INGEST_POP3_USERNAME", DovecotServer.USER)
                .env("INGEST_POP3_PASSWORD", DovecotServer.PASSWORD)
                .env("INGEST_POP3_TRUSTSTORE", dovecot.certificate().toString())
                .env("INGEST_ARCHIVE_DIR", workDir.resolve("archive").toString())
                .env("INGEST_STATE_DIR", workDir.resolve("state").toString())
                .env("INGEST_QUARANTINE_DIR", workDir.resolve("quarantine").toString())
                .env("INGEST_ONCE", "true");
    }

    public MainJob env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public MainJob jvm(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** The program's arguments for the next starts, e.g. {@code replay}; none to clear them. */
    public MainJob args(String... args) {
        programArgs.clear();
        programArgs.addAll(List.of(args));
        return this;
    }

    /** The runnable jar; failsafe passes its path, and it must exist: these tests run after package. */
    public static Path jar() {
        String path = System.getProperty("ingest.jar");
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("The main job jar is missing (" + path + "): run these tests with "
                    + "'mvn verify', which packages it first");
        }
        return Path.of(path);
    }

    /** Starts the job; its stdout and stderr go to files in the work directory. */
    public Process start(String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(programArgs);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().putAll(env);
        pb.redirectOutput(workDir.resolve(name + ".out").toFile());
        pb.redirectError(workDir.resolve(name + ".err").toFile());
        return pb.start();
    }

    public String stdout(String name) throws IOException {
        return Files.readString(workDir.resolve(name + ".out"), StandardCharsets.UTF_8);
    }

    public String stderr(String name) throws IOException {
        return Files.readString(workDir.resolve(name + ".err"), StandardCharsets.UTF_8);
    }

    /** The last non-empty line the job printed on stdout. */
    public String lastLine(String name) throws IOException {
        String[] lines = stdout(name).strip().split("\\R");
        return lines[lines.length - 1];
    }
}
