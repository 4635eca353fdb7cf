package io.github.camelpop3ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.pop3.Pop3Connection;
import com.icegreen.greenmail.pop3.Pop3Handler;
import com.icegreen.greenmail.pop3.Pop3Server;
import com.icegreen.greenmail.pop3.Pop3State;
import com.icegreen.greenmail.pop3.commands.Pop3Command;
import com.icegreen.greenmail.pop3.commands.Pop3CommandRegistry;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A GreenMail POP3S server on a dynamic loopback port, started fresh for each test, that records every command it
 * receives and can be told to refuse a command or to drop the connection at QUIT.
 * <p>
 * Its certificate names localhost and 127.0.0.1, so clients keep host-name verification on.
 */
public final class RecordingPop3Server implements BeforeEachCallback, AfterEachCallback {

    public static final String USER = "alice";
    public static final String PASSWORD = "s3cret-Pa55word!";

    private static final Path TLS_DIR = tlsDir();

    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile boolean dropAtQuit;
    private volatile boolean locked;
    private final String password;
    private GreenMail greenMail;
    private GreenMailUser user;

    public RecordingPop3Server() {
        this(PASSWORD);
    }

    /** A server whose user {@link #USER} logs in with {@code password}, e.g. a distinctive one to search logs for. */
    public RecordingPop3Server(String password) {
        this.password = password;
    }

    /** Copies the test certificate out of the jar once; GreenMail wants a file. */
    private static Path tlsDir() {
        try {
            Path dir = Files.createTempDirectory("pop3-test-tls");
            for (String name : List.of("localhost.p12", "localhost.pem")) {
                try (InputStream in = RecordingPop3Server.class.getClassLoader()
                        .getResourceAsStream("embedded-mailbox/" + name)) {
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    public void start() {
        System.setProperty("greenmail.tls.keystore.file", TLS_DIR.resolve("localhost.p12").toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        // POP3S is recorded; plain POP3 (no STLS in GreenMail) serves the plaintext and STLS-refusal tests.
        greenMail = new RecordingGreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3S),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3)});
        greenMail.start();
        user = greenMail.setUser(USER + "@localhost", USER, password);
    }

    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    public int port() {
        return greenMail.getPop3s().getPort();
    }

    /** The plain POP3 port, which offers no STLS. */
    public int plainPort() {
        return greenMail.getPop3().getPort();
    }

    /** The PEM certificate that clients must trust. */
    public static Path certificate() {
        return TLS_DIR.resolve("localhost.pem");
    }

    /** The account as the consumer names it: {@code alice@localhost:port}. */
    public String account() {
        return USER + "@localhost:" + port();
    }

    /** Endpoint options for this server, without the repository or state options. */
    public String endpointOptions() {
        return "port=" + port() + "&username=" + USER + "&password=RAW(" + password + ")&truststore=" + certificate();
    }

    public void deliver(byte[] rawMessage) {
        try {
            user.deliver(new MimeMessage(Session.getInstance(new Properties()), new java.io.ByteArrayInputStream(rawMessage)));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void deliver(Path eml) {
        try {
            deliver(Files.readAllBytes(eml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Delivers to another maildrop of the same server, {@code login@localhost}, created with its password first. */
    public void deliverTo(String login, String loginPassword, byte[] rawMessage) {
        GreenMailUser other = greenMail.getUserManager().getUserByEmail(login + "@localhost");
        if (other == null) {
            other = greenMail.setUser(login + "@localhost", login, loginPassword);
        }
        try {
            other.deliver(new MimeMessage(Session.getInstance(new Properties()), new java.io.ByteArrayInputStream(rawMessage)));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delivers {@code count} small distinct text messages. */
    public void deliverText(int count) {
        for (int i = 0; i < count; i++) {
            deliver(TestMessages.text("Message " + i + " " + System.nanoTime()));
        }
    }

    /** Messages in the INBOX, counting those marked deleted but not yet expunged. */
    public int messagesOnServer() {
        try {
            return greenMail.getManagers().getImapHostManager().getInbox(user).getMessageCount();
        } catch (FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The UIDLs of the messages in the INBOX that are not marked deleted. */
    public java.util.Set<String> uidlsOnServer() {
        try {
            java.util.Set<String> uidls = new java.util.TreeSet<>();
            for (StoredMessage m : greenMail.getManagers().getImapHostManager().getInbox(user).getMessages()) {
                if (!m.isSet(Flags.Flag.DELETED)) {
                    uidls.add(String.valueOf(m.getUid()));
                }
            }
            return uidls;
        } catch (FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every command name received, in order, upper case. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    public long count(String command) {
        return commands.stream().filter(command::equals).count();
    }

    public void clearCommands() {
        commands.clear();
    }

    /** Answers {@code -ERR} to the command, as a server without it would. */
    public void refuse(String command) {
        refused.add(command);
    }

    /** Closes the connection instead of answering QUIT, so this session's DELEs never take effect. */
    public void dropAtQuit(boolean drop) {
        this.dropAtQuit = drop;
    }

    /** Answers PASS with {@code -ERR [IN-USE]}, as a server does while another session holds the maildrop. */
    public void lockMaildrop(boolean lock) {
        this.locked = lock;
    }

    private final class RecordingRegistry extends Pop3CommandRegistry {
        @Override
        public Pop3Command getCommand(String name) {
            commands.add(name);
            if (refused.contains(name)) {
                return null;
            }
            if ("PASS".equals(name) && locked) {
                return new LockedMaildrop();
            }
            if ("QUIT".equals(name) && dropAtQuit) {
                return new DropConnection();
            }
            return super.getCommand(name);
        }
    }

    private static final class DropConnection extends Pop3Command {
        @Override
        public boolean isValidForState(Pop3State state) {
            return true;
        }

        @Override
        public void execute(Pop3Connection conn, Pop3State state, String cmd) {
            // A session that ends without QUIT leaves every message as it was (RFC 1939); GreenMail keeps DELE's
            // flag on the stored message, so clear it as a real server's session abort would.
            for (StoredMessage message : state.getFolder().getMessages()) {
                message.setFlag(Flags.Flag.DELETED, false);
            }
            conn.quit();
        }
    }

    private static final class LockedMaildrop extends Pop3Command {
        @Override
        public boolean isValidForState(Pop3State state) {
            return true;
        }

        @Override
        public void execute(Pop3Connection conn, Pop3State state, String cmd) {
            conn.println("-ERR [IN-USE] maildrop is locked by another session");
        }
    }

    private final class RecordingGreenMail extends GreenMail {
        RecordingGreenMail(ServerSetup[] setups) {
            super(setups);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
            Map<String, AbstractServer> services = super.createServices(config, managers);
            AbstractServer original = services.get(ServerSetup.PROTOCOL_POP3S);
            ServerSetup setup = original.getServerSetup();
            services.put(ServerSetup.PROTOCOL_POP3S, new Pop3Server(setup, managers) {
                @Override
                protected ProtocolHandler createProtocolHandler(Socket socket) {
                    return new Pop3Handler(new RecordingRegistry(), managers.getUserManager(), socket);
                }
            });
            return services;
        }
    }
}
