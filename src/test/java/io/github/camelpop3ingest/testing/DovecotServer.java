package io.github.camelpop3ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.awaitility.Awaitility.await;

/**
 * A private Dovecot POP3 server on loopback, started fresh for each test: POP3S and plain POP3 (for STLS) on dynamic
 * ports, one passwd-file user {@code alice}, a Maildir the test seeds, and its per-session logout lines.
 * <p>
 * Everything lives in one temp folder (configuration, certificate, base_dir, state_dir, mail, log); no system service
 * is used. Dovecot must run as root so that it can drop privileges; mail is owned by {@code nobody:nogroup} because
 * Dovecot refuses mail access as root.
 */
public final class DovecotServer implements BeforeEachCallback, AfterEachCallback {

    public static final String USER = "alice";
    public static final String PASSWORD = "s3cret-Pa55word!";
    public static final String INSTALL_HINT = "run `apt-get install -y dovecot-pop3d` as root "
            + "(or scripts/install-test-deps.sh; .ci/run does it for CI)";

    private static final String MAIL_USER = "nobody";
    private static final String MAIL_GROUP = "nogroup";
    private static final String KEYSTORE_PASSWORD = "changeit";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern LOGOUT_LINE = Pattern.compile(
            "pop3\\(" + USER + "\\).*Disconnected: (.*?) top=(\\d+)/(\\d+), retr=(\\d+)/(\\d+), del=(\\d+)/(\\d+)");
    private static final List<String> SBIN_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");

    private final AtomicInteger delivered = new AtomicInteger();
    private Path dir;
    private Path maildir;
    private int port;
    private int stlsPort;
    private Process process;
    private URI oauth2Introspection;

    /**
     * One POP3 session as Dovecot logged it at its end.
     *
     * @param reason   why it ended, e.g. {@code Logged out} after QUIT or {@code Connection closed}
     * @param top      TOP commands
     * @param retr     RETR commands
     * @param retrBytes bytes sent for RETR
     * @param del      DELE commands
     * @param messages messages in the maildrop at login
     */
    public record Session(String reason, int top, int retr, long retrBytes, int del, int messages) {
    }

    /**
     * Also accepts SASL XOAUTH2 and OAUTHBEARER for {@code alice}, checking each token at this RFC 7662 introspection
     * endpoint (form POST, {@code active} and {@code username} in the answer); call before the test starts. PLAIN and
     * USER/PASS with the password keep working.
     */
    public DovecotServer withOAuth2Introspection(URI introspectionUrl) {
        this.oauth2Introspection = introspectionUrl;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Path dovecot = dovecotBinary();
        dir = Files.createTempDirectory("dovecot-interop");
        // Dovecot's unprivileged processes must reach the files below; createTempDirectory makes the folder 700.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        maildir = dir.resolve("home").resolve(USER).resolve("Maildir");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("state"));
        chownToMailUser(dir.resolve("home"));
        Files.writeString(dir.resolve("passwd"), USER + ":{PLAIN}" + PASSWORD + "::::::\n", StandardCharsets.UTF_8);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("embedded-mailbox/localhost.p12")) {
            Files.copy(in, dir.resolve("localhost.p12"), StandardCopyOption.REPLACE_EXISTING);
        }
        useKeyStore(dir.resolve("localhost.p12"), KEYSTORE_PASSWORD);
        port = freePort();
        stlsPort = freePort();
        if (oauth2Introspection != null) {
            Files.writeString(dir.resolve("oauth2.conf.ext"), oauth2Config(), StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("dovecot.conf"), config(), StandardCharsets.UTF_8);
        start(dovecot);
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

    /** Starts Dovecot on the same ports, with the same mail and log, e.g. after {@link #stop()}. */
    public void start() {
        start(dovecotBinary());
    }

    private void start(Path dovecot) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Dovecot is already running");
        }
        Path out = dir.resolve("dovecot.out");
        try {
            process = new ProcessBuilder(dovecot.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + dovecot + "; " + INSTALL_HINT, e);
        }
        await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Dovecot exited with " + process.exitValue() + " at startup:\n"
                        + read(out) + read(log()));
            }
            return accepts(port) && accepts(stlsPort);
        });
    }

    /** Stops Dovecot and every process it started; sessions in progress are cut off. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping Dovecot", e);
        }
        // Dovecot's master ends its children on SIGTERM; a straggler would keep a listening socket bound.
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        await().atMost(SHUTDOWN_TIMEOUT).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    /**
     * Cuts off the POP3 sessions in progress, as a dropped connection would, without stopping Dovecot: their DELEs
     * never take effect because no QUIT arrives.
     */
    public void dropSessions() {
        List<ProcessHandle> sessions = process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/pop3")).orElse(false))
                .toList();
        sessions.forEach(ProcessHandle::destroyForcibly);
        await().atMost(SHUTDOWN_TIMEOUT).until(() -> sessions.stream().noneMatch(ProcessHandle::isAlive));
    }

    /**
     * Makes Dovecot present the first key entry of a PKCS#12 key store from its next start; call {@link #stop()} and
     * {@link #start()} around it to switch a running server.
     */
    public void useKeyStore(Path pkcs12, String password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(pkcs12)) {
                ks.load(in, password.toCharArray());
            }
            String alias = Collections.list(ks.aliases()).stream().filter(a -> isKeyEntry(ks, a)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(pkcs12 + " holds no private key"));
            Key key = ks.getKey(alias, password.toCharArray());
            StringBuilder chain = new StringBuilder();
            for (Certificate c : ks.getCertificateChain(alias)) {
                chain.append(pem("CERTIFICATE", c.getEncoded()));
            }
            // Java encodes RSA and EC private keys as PKCS#8, which Dovecot reads as "BEGIN PRIVATE KEY".
            Path keyFile = dir.resolve("key.pem");
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(certificate(), chain, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not read the key store " + pkcs12, e);
        }
    }

    /** POP3S (implicit TLS) port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Plain POP3 port on 127.0.0.1, which offers STLS and refuses to log in before it. */
    public int stlsPort() {
        return stlsPort;
    }

    /** The PEM certificate Dovecot presents, for clients to trust. */
    public Path certificate() {
        return dir.resolve("cert.pem");
    }

    /** The account as the consumer names it on the POP3S port: {@code alice@localhost:port}. */
    public String account() {
        return USER + "@localhost:" + port;
    }

    /** A folder of this server's temp folder, for files a test makes (key stores); removed after the test. */
    public Path workDir() {
        return dir;
    }

    /** Puts a message into the Maildir's {@code new/}, as a delivery agent would: write to tmp/, then rename. */
    public void deliver(byte[] raw) {
        String name = System.currentTimeMillis() / 1000 + ".M" + delivered.incrementAndGet() + "P"
                + ProcessHandle.current().pid() + ".localhost";
        try {
            Path tmp = maildir.resolve("tmp").resolve(name);
            Files.write(tmp, raw);
            chownToMailUser(tmp);
            Files.move(tmp, maildir.resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Delivers {@code count} small distinct text messages and returns them. */
    public List<byte[]> deliverText(int count) {
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] raw = TestMessages.text("Message " + i + " " + System.nanoTime());
            deliver(raw);
            messages.add(raw);
        }
        return messages;
    }

    /** Messages in the Maildir (new and cur); a DELE counts here until its session's QUIT expunges it. */
    public int messagesOnServer() {
        try (Stream<Path> fresh = Files.list(maildir.resolve("new")); Stream<Path> seen = Files.list(maildir.resolve("cur"))) {
            return (int) (fresh.count() + seen.count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every ended session of {@code alice}, oldest first, from Dovecot's logout lines. */
    public List<Session> sessions() {
        List<Session> sessions = new ArrayList<>();
        for (String line : read(log()).split("\n")) {
            Matcher m = LOGOUT_LINE.matcher(line);
            if (m.find()) {
                sessions.add(new Session(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4)),
                        Long.parseLong(m.group(5)), Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7))));
            }
        }
        return sessions;
    }

    /** Waits until Dovecot has logged the end of {@code n} sessions (it does so after the client's QUIT) and returns them. */
    public List<Session> awaitSessions(int n) {
        // Dovecot writes the logout line just after the session ends; a loaded CI machine can take a while.
        await().atMost(Duration.ofSeconds(30)).until(() -> sessions().size() >= n);
        return sessions();
    }

    /** Dovecot's log file. */
    public Path log() {
        return dir.resolve("dovecot.log");
    }

    private String config() {
        return String.join("\n",
                "# Generated by DovecotServer for one test; every path is inside " + dir,
                "base_dir = " + dir.resolve("run"),
                "state_dir = " + dir.resolve("state"),
                "protocols = pop3",
                "listen = 127.0.0.1",
                "log_path = " + log(),
                "info_log_path = " + log(),
                "ssl = yes",
                "ssl_cert = <" + certificate(),
                "ssl_key = <" + dir.resolve("key.pem"),
                "ssl_min_protocol = TLSv1.2",
                "disable_plaintext_auth = yes",
                "auth_mechanisms = plain" + (oauth2Introspection == null ? "" : " xoauth2 oauthbearer"),
                // The default 2 s delay after a failed login only slows the wrong-password test down.
                "auth_failure_delay = 0",
                "mail_location = maildir:~/Maildir",
                "pop3_uidl_format = %08Xu%08Xv",
                "pop3_logout_format = top=%t/%p, retr=%r/%b, del=%d/%m, size=%s",
                oauth2Introspection == null ? "" : String.join("\n",
                        "passdb {",
                        "  driver = oauth2",
                        // Only token mechanisms: a password sent with PLAIN must not be introspected as a token.
                        "  mechanisms = xoauth2 oauthbearer",
                        "  args = " + dir.resolve("oauth2.conf.ext"),
                        "}"),
                "passdb {",
                "  driver = passwd-file",
                "  args = scheme=PLAIN " + dir.resolve("passwd"),
                "}",
                "userdb {",
                "  driver = static",
                "  args = uid=" + MAIL_USER + " gid=" + MAIL_GROUP + " home=" + dir.resolve("home") + "/%n",
                "}",
                "service pop3-login {",
                "  inet_listener pop3 {",
                "    port = " + stlsPort,
                "  }",
                "  inet_listener pop3s {",
                "    port = " + port,
                "    ssl = yes",
                "  }",
                "}",
                "");
    }

    private String oauth2Config() {
        return String.join("\n",
                "introspection_mode = post",
                "introspection_url = " + oauth2Introspection,
                "username_attribute = username",
                "active_attribute = active",
                "active_value = true",
                // Every login asks the test's endpoint, so a revoked token is refused at once.
                "force_introspection = yes",
                "");
    }

    /** Finds the dovecot binary, and fails loudly when it is missing: these tests are never skipped. */
    private static Path dovecotBinary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(SBIN_DIRS);
        for (String d : dirs) {
            if (!d.isEmpty()) {
                Path candidate = Path.of(d, "dovecot");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("The Dovecot interop tests need the dovecot binary, which is not installed: "
                + INSTALL_HINT);
    }

    private static void chownToMailUser(Path root) throws IOException {
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(MAIL_USER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(MAIL_GROUP);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                try {
                    view.setOwner(user);
                    view.setGroup(group);
                } catch (IOException e) {
                    throw new IOException("Could not give " + p + " to " + MAIL_USER + ":" + MAIL_GROUP + ", Dovecot's "
                            + "mail user; the Dovecot interop tests must run as root", e);
                }
            }
        }
    }

    private static boolean isKeyEntry(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
