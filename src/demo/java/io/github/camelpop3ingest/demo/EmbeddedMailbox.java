package io.github.camelpop3ingest.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.camelpop3ingest.main.DemoMailbox;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job's embedded default: an in-process GreenMail POP3S server on loopback, seeded with sample invoice
 * mails, so that the job shows what it does with no mailbox configured.
 */
public final class EmbeddedMailbox implements DemoMailbox {

    /** Tried first so that UIDL keys, and so the skipping of a second run, stay stable across runs. */
    public static final int PREFERRED_PORT = 39995;
    public static final String USER = "demo";
    public static final List<String> SAMPLES = List.of("01-invoice-ubl.eml", "02-invoice-pdf.eml", "03-forwarded.eml",
            "04-hello.eml");
    /**
     * System property: how many generated mails to add after the samples (default 0), copies of the samples with a
     * Message-ID and subject of their own; the build's AOT training run drains a few hundred.
     */
    public static final String GENERATED_PROPERTY = "demo.mailbox.generated";
    private static final String RESOURCES = "embedded-mailbox/";
    private static final String KEYSTORE_PASSWORD = "changeit";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMailbox.class);

    private final GreenMail greenMail;
    private final int port;
    private final String password;
    private final Path certificate;

    private EmbeddedMailbox(GreenMail greenMail, int port, String password, Path certificate) {
        this.greenMail = greenMail;
        this.port = port;
        this.password = password;
        this.certificate = certificate;
    }

    /**
     * Starts the server with the demo certificate (names localhost and 127.0.0.1) copied into {@code workDir}.
     */
    public static EmbeddedMailbox start(Path workDir) {
        try {
            Path dir = Files.createDirectories(workDir.resolve("embedded-mailbox"));
            Path keystore = copy(RESOURCES + "localhost.p12", dir.resolve("localhost.p12"));
            Path certificate = copy(RESOURCES + "localhost.pem", dir.resolve("localhost.pem"));
            System.setProperty("greenmail.tls.keystore.file", keystore.toString());
            System.setProperty("greenmail.tls.keystore.password", KEYSTORE_PASSWORD);
            int port = portToUse();
            GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_POP3S));
            greenMail.start();
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            GreenMailUser user = greenMail.setUser(USER + "@localhost", USER, password);
            Session session = Session.getInstance(new Properties());
            for (String sample : SAMPLES) {
                try (InputStream in = resource(RESOURCES + "samples/" + sample)) {
                    user.deliver(new MimeMessage(session, in));
                }
            }
            int generated = generatedCount();
            for (int n = 1; n <= generated; n++) {
                try (InputStream in = resource(RESOURCES + "samples/" + SAMPLES.get((n - 1) % SAMPLES.size()))) {
                    MimeMessage copy = new MimeMessage(session, in);
                    copy.setHeader("Message-ID", "<generated-" + n + "@localhost>");
                    copy.setHeader("Subject", copy.getHeader("Subject", null) + " (generated " + n + ")");
                    user.deliver(copy);
                }
            }
            if (generated == 0) {
                LOG.info("Embedded demo mailbox: pop3s://{}@localhost:{} with {} sample mails (set INGEST_POP3_HOST to "
                        + "read a real mailbox)", USER, port, SAMPLES.size());
            } else {
                LOG.info("Embedded demo mailbox: pop3s://{}@localhost:{} with {} sample mails and {} generated ones "
                        + "({})", USER, port, SAMPLES.size(), generated, GENERATED_PROPERTY);
            }
            return new EmbeddedMailbox(greenMail, port, password, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded demo mailbox cannot start", e);
        } catch (MessagingException e) {
            throw new IllegalStateException("The embedded demo mailbox cannot load its samples", e);
        }
    }

    private static int generatedCount() {
        String value = System.getProperty(GENERATED_PROPERTY, "0").strip();
        String problem = GENERATED_PROPERTY + " must be a number of mails, 0 or more, not '" + value + "'";
        int count;
        try {
            count = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(problem, e);
        }
        if (count < 0) {
            throw new IllegalArgumentException(problem);
        }
        return count;
    }

    private static int portToUse() {
        try (ServerSocket probe = new ServerSocket(PREFERRED_PORT, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            try (ServerSocket any = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                LOG.info("Port {} is taken; the embedded mailbox uses {}", PREFERRED_PORT, any.getLocalPort());
                return any.getLocalPort();
            } catch (IOException e2) {
                throw new UncheckedIOException("No free loopback port for the embedded mailbox", e2);
            }
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = EmbeddedMailbox.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("Resource " + name + " is missing from the jar");
        }
        return in;
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = resource(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    @Override
    public String host() {
        return "localhost";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String username() {
        return USER;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public Path certificate() {
        return certificate;
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /** How the main job finds this mailbox without depending on the demo (META-INF/services). */
    public static final class Starter implements DemoMailbox.Starter {
        @Override
        public DemoMailbox start(Path workDir) {
            return EmbeddedMailbox.start(workDir);
        }
    }
}
