package io.github.camelpop3ingest.pop3;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 session (RFC 1939) over TLS: UTF8 mode when offered (RFC 6856), login by USER/PASS or SASL (PLAIN, XOAUTH2,
 * OAUTHBEARER), UIDL, and RETR and DELE pipelined (RFC 2449) with message bodies streamed from a 64 KiB buffer to the
 * caller's stream.
 * <p>
 * Not thread-safe: one thread uses a connection. An {@code -ERR} leaves the session usable; any other failure (I/O,
 * a protocol error, an exception from a {@link RetrieveHandler}) leaves it unusable, and the caller closes it.
 */
public final class Pop3Connection implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3Connection.class);

    /** The TLS versions offered, newest first; older ones are refused whatever the JVM would allow. */
    static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Commands are short; this holds a window of pipelined RETRs or DELEs many times over. */
    private static final int WRITE_BUFFER_BYTES = 4 * 1024;
    /** RFC 5034 §4: a longer AUTH command must leave its initial response to the line after the "+" challenge. */
    private static final int MAX_AUTH_COMMAND_OCTETS = 255;
    /** Our mechanisms need at most one challenge for the response and one for an error; more is a broken server. */
    private static final int MAX_SASL_CHALLENGES = 2;
    private static final int SHOWN_CHALLENGE_CHARS = 200;

    private final Pop3ConnectionSettings settings;
    private final String server;
    private final Socket tcp;
    private Socket socket;
    private Pop3ReplyReader reader;
    private OutputStream out;
    private String tlsProtocol;
    private Map<String, List<String>> capabilities = Map.of();
    private boolean utf8;
    private Duration loginDelay = Duration.ZERO;
    private boolean broken;
    private boolean closed;

    private Pop3Connection(Pop3ConnectionSettings settings, Socket tcp) throws IOException {
        this.settings = settings;
        this.server = settings.server();
        this.tcp = tcp;
        useSocket(tcp, 0);
    }

    /**
     * Connects, does TLS (implicit for POP3S, or STLS), reads the greeting, reads CAPA, and sends UTF8 when CAPA lists
     * it.
     */
    public static Pop3Connection open(Pop3ConnectionSettings settings) throws IOException {
        Socket tcp = new Socket();
        Pop3Connection connection = null;
        try {
            tcp.setTcpNoDelay(true);
            connect(tcp, settings);
            tcp.setSoTimeout(settings.readTimeoutMillis());
            connection = new Pop3Connection(settings, tcp);
            connection.start();
            return connection;
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                connection.close();
            } else {
                closeQuietly(tcp, settings.server());
            }
            throw e;
        }
    }

    private static void connect(Socket tcp, Pop3ConnectionSettings settings) throws IOException {
        String server = settings.server();
        try {
            tcp.connect(new InetSocketAddress(settings.host(), settings.port()), settings.connectTimeoutMillis());
        } catch (SocketTimeoutException e) {
            SocketTimeoutException timeout = new SocketTimeoutException("Connecting to POP3 server " + server
                    + " timed out after " + settings.connectTimeoutMillis() + " ms");
            timeout.initCause(e);
            throw timeout;
        } catch (ConnectException e) {
            ConnectException refused = new ConnectException("Cannot connect to POP3 server " + server + ": "
                    + e.getMessage());
            refused.initCause(e);
            throw refused;
        } catch (IOException e) {
            throw new IOException("Cannot connect to POP3 server " + server + ": " + e, e);
        }
    }

    private void start() throws IOException {
        if (settings.security() == Pop3Security.POP3S) {
            startTls();
        }
        String greeting = reader.readLine("the greeting");
        if (isErr(greeting)) {
            throw new Pop3ReplyException("POP3 server " + server + " refused the session: "
                    + Pop3ReplyException.shown(greeting), "greeting", greeting);
        }
        if (!isOk(greeting)) {
            throw Pop3ProtocolException.unexpected(server, "a +OK greeting", greeting);
        }
        capabilities = readCapabilities();
        if (settings.security() == Pop3Security.STLS) {
            if (!capabilities.containsKey("STLS")) {
                throw new Pop3ServerException("POP3 server " + server + " does not offer STLS (CAPA does not list it), so "
                        + "security=stls cannot protect the session; refusing to log in without TLS. Use a server or "
                        + "port with TLS (pop3s), or ask the server's operator to enable STLS");
            }
            command("STLS", "STLS");
            if (reader.hasBufferedBytes()) {
                // Bytes sent before the handshake are unprotected; reading them after it would be a command injection.
                throw new Pop3ProtocolException("POP3 server " + server + " sent data after its reply to STLS, before "
                        + "the TLS handshake; refusing it");
            }
            startTls();
            // RFC 2595 §4: what the server said before TLS may have been forged, so ask again.
            capabilities = readCapabilities();
        }
        if (capabilities.containsKey("UTF8")) {
            enableUtf8();
        }
        loginDelay = loginDelay(capabilities, Duration.ZERO);
        LOG.debug("Connected to POP3 server {} ({}), capabilities {}", server,
                tlsProtocol == null ? "no TLS" : tlsProtocol, capabilities.keySet());
    }

    /**
     * RFC 6856: UTF8 is valid in the AUTHORIZATION state, so it goes after STLS and before the login. A server such
     * as Courier otherwise serves a message with raw UTF-8 headers as a generated notice ("Cannot display Unicode
     * content") instead of the message, and deleting after processing would lose the original.
     */
    private void enableUtf8() throws IOException {
        send("UTF8");
        flush();
        String reply = status("UTF8");
        utf8 = isOk(reply);
        if (utf8) {
            LOG.debug("POP3 server {} accepted UTF8: messages come as stored, 8-bit headers and all", server);
        } else {
            LOG.info("POP3 server {} advertises UTF8 but refused it ({}); going on without: it may deliver messages "
                    + "with 8-bit headers converted or replaced by a notice", server, Pop3ReplyException.shown(reply));
        }
    }

    private void startTls() throws IOException {
        SSLSocket ssl = (SSLSocket) settings.socketFactory().createSocket(tcp, settings.host(), settings.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(tlsProtocols(ssl.getSupportedProtocols()));
        ssl.setSSLParameters(parameters);
        try {
            ssl.startHandshake();
        } catch (SSLHandshakeException e) {
            SSLHandshakeException refused = new SSLHandshakeException("TLS handshake with POP3 server " + server
                    + " failed: " + e.getMessage());
            refused.initCause(e);
            throw refused;
        } catch (SSLException e) {
            throw new SSLException("TLS handshake with POP3 server " + server + " failed: " + e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            SocketTimeoutException timeout = new SocketTimeoutException("TLS handshake with POP3 server " + server
                    + " got no answer within " + settings.readTimeoutMillis() + " ms");
            timeout.initCause(e);
            throw timeout;
        }
        tlsProtocol = ssl.getSession().getProtocol();
        useSocket(ssl, reader.bytesRead());
    }

    private String[] tlsProtocols(String[] supported) {
        List<String> available = Arrays.asList(supported);
        String[] offered = TLS_PROTOCOLS.stream().filter(available::contains).toArray(String[]::new);
        if (offered.length == 0) {
            throw new IllegalStateException("This JVM supports none of " + TLS_PROTOCOLS + " for " + server);
        }
        return offered;
    }

    private void useSocket(Socket s, long bytesRead) throws IOException {
        socket = s;
        reader = new Pop3ReplyReader(s.getInputStream(), server, settings.readTimeoutMillis(), bytesRead);
        out = new BufferedOutputStream(s.getOutputStream(), WRITE_BUFFER_BYTES);
    }

    private Map<String, List<String>> readCapabilities() throws IOException {
        send("CAPA");
        flush();
        String reply = status("CAPA");
        if (isErr(reply)) {
            return Map.of();
        }
        Map<String, List<String>> caps = new LinkedHashMap<>();
        for (String line : reader.readTextBody("the capability list")) {
            String[] words = line.trim().split("\\s+");
            if (!words[0].isEmpty()) {
                caps.put(words[0].toUpperCase(Locale.ROOT), List.of(words).subList(1, words.length));
            }
        }
        return Collections.unmodifiableMap(caps);
    }

    /** CAPA (RFC 2449): upper-case name to arguments; empty when the server does not know CAPA. */
    public Map<String, List<String>> capabilities() {
        return capabilities;
    }

    /** Whether the server accepted the UTF8 command (RFC 6856), so that it sends messages unconverted. */
    public boolean utf8() {
        return utf8;
    }

    /**
     * The least time the server wants between two logins to this maildrop (LOGIN-DELAY, RFC 2449 §6.8): the value it
     * announced after the login when it gave one, else the one before; zero when it announces none.
     */
    public Duration loginDelay() {
        return loginDelay;
    }

    /** LOGIN-DELAY's seconds ("LOGIN-DELAY 900" or, before login, "LOGIN-DELAY 900 USER"); {@code otherwise} if absent. */
    private Duration loginDelay(Map<String, List<String>> caps, Duration otherwise) {
        List<String> arguments = caps.get("LOGIN-DELAY");
        if (arguments == null || arguments.isEmpty()) {
            return otherwise;
        }
        try {
            long seconds = Long.parseLong(arguments.get(0));
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // Fall through: a value we cannot read is ignored, as the RFC's clients ignore unknown capabilities.
        }
        LOG.debug("Ignoring POP3 server {}'s LOGIN-DELAY {}: not a number of seconds", server, arguments);
        return otherwise;
    }

    /** Whether the server advertises PIPELINING, which any {@code window} above 1 needs. */
    public boolean supportsPipelining() {
        return capabilities.containsKey("PIPELINING");
    }

    /** The negotiated TLS version, e.g. {@code TLSv1.3}, or null for a session without TLS. */
    public String tlsProtocol() {
        return tlsProtocol;
    }

    /** Bytes read from the server so far, after TLS decryption. */
    public long bytesRead() {
        return reader.bytesRead();
    }

    /**
     * Logs in with the credentials' mechanism. A SASL initial response that would make the AUTH command longer than
     * 255 octets (RFC 5034) follows on its own line after the server's {@code +}.
     *
     * @throws Pop3AuthenticationException when the server refuses, with its reply (never the secret) in the message
     */
    public void login(Pop3Credentials credentials) throws IOException {
        usable();
        try {
            switch (credentials.mechanism()) {
                case USER -> userPass(credentials);
                case PLAIN -> sasl(credentials, "PLAIN", Pop3SaslResponses.plain(credentials), "*");
                case XOAUTH2 -> sasl(credentials, "XOAUTH2", Pop3SaslResponses.xoauth2(credentials), "");
                case OAUTHBEARER -> sasl(credentials, "OAUTHBEARER", Pop3SaslResponses.oauthBearer(credentials),
                        Pop3SaslResponses.OAUTHBEARER_ERROR_ACK);
            }
            if (capabilities.containsKey("LOGIN-DELAY")) {
                // RFC 2449 §6.8: the value may differ per user (the USER tag); after login the server gives this user's.
                loginDelay = loginDelay(readCapabilities(), loginDelay);
            }
        } catch (Pop3ReplyException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    private void userPass(Pop3Credentials credentials) throws IOException {
        send("USER " + credentials.username());
        flush();
        String reply = status("USER");
        if (!isOk(reply)) {
            throw refusedLogin(credentials, "USER", reply, null);
        }
        send("PASS " + credentials.secret(), "PASS ***");
        flush();
        reply = status("PASS");
        if (!isOk(reply)) {
            throw refusedLogin(credentials, "PASS", reply, null);
        }
    }

    /**
     * One SASL exchange (RFC 5034). An error challenge after the response (XOAUTH2, OAUTHBEARER) is answered as the
     * mechanism says, {@code errorAnswer}, so that the server ends the exchange with its {@code -ERR}.
     */
    private void sasl(Pop3Credentials credentials, String mechanism, String response, String errorAnswer)
            throws IOException {
        String command = "AUTH " + mechanism;
        boolean initial = !credentials.microsoft365()
                && command.length() + 1 + response.length() + 2 <= MAX_AUTH_COMMAND_OCTETS;
        send(initial ? command + " " + response : command, initial ? command + " ***" : command);
        flush();
        boolean responded = initial;
        String challenge = null;
        for (int challenges = 0; ; challenges++) {
            String reply = reader.readLine("the reply to " + command);
            trace(reply);
            if (isOk(reply)) {
                return;
            }
            if (isErr(reply)) {
                throw refusedLogin(credentials, command, reply, challenge);
            }
            if (!isContinuation(reply) || challenges == MAX_SASL_CHALLENGES) {
                throw Pop3ProtocolException.unexpected(server, "+OK, -ERR or a \"+ \" challenge in reply to " + command,
                        reply);
            }
            if (responded) {
                challenge = reply.substring(1).trim();
                send(errorAnswer);
            } else {
                send(response, "***");
                responded = true;
            }
            flush();
        }
    }

    private Pop3AuthenticationException refusedLogin(Pop3Credentials credentials, String command, String reply,
            String challenge) throws Pop3ProtocolException {
        if (!isErr(reply)) {
            throw Pop3ProtocolException.unexpected(server, "+OK or -ERR in reply to " + command, reply);
        }
        String detail = challenge == null ? "" : " (server's challenge: " + decodedChallenge(challenge) + ")";
        return new Pop3AuthenticationException("Login to POP3 server " + server + " as " + credentials.username()
                + " with " + credentials.mechanism() + " refused: " + Pop3ReplyException.shown(reply) + detail, command,
                reply);
    }

    /** The JSON error an XOAUTH2 or OAUTHBEARER server sends as challenge, e.g. {@code {"status":"invalid_token"}}. */
    private static String decodedChallenge(String challenge) {
        String text;
        try {
            text = new String(Base64.getDecoder().decode(challenge), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text = challenge;
        }
        return Pop3ProtocolException.printable(text, SHOWN_CHALLENGE_CHARS);
    }

    /** UIDL of every message, in the server's order; null when the server answers {@code -ERR} (it has no UIDL). */
    public List<Pop3Listing> uidl() throws IOException {
        usable();
        try {
            send("UIDL");
            flush();
            String reply = status("UIDL");
            if (isErr(reply)) {
                return null;
            }
            List<Pop3Listing> listings = new ArrayList<>();
            for (String line : reader.readTextBody("the UIDL list")) {
                String[] fields = fields(line, "UIDL");
                listings.add(new Pop3Listing(number(fields[0], line, "UIDL"), fields[1]));
            }
            return listings;
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    /** The size in octets of every message by number (LIST), in the server's order. */
    public Map<Integer, Long> list() throws IOException {
        usable();
        try {
            command("LIST", "LIST");
            Map<Integer, Long> sizes = new LinkedHashMap<>();
            for (String line : reader.readTextBody("the LIST scan listing")) {
                String[] fields = fields(line, "LIST");
                try {
                    sizes.put(number(fields[0], line, "LIST"), Long.parseLong(fields[1].trim().split("\\s+")[0]));
                } catch (NumberFormatException e) {
                    throw Pop3ProtocolException.unexpected(server, "a \"number size\" line of LIST", line);
                }
            }
            return sizes;
        } catch (Pop3ReplyException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * The header and the first {@code lines} body lines of a message (TOP), unstuffed, CRLFs kept.
     *
     * @throws Pop3ReplyException when the server refuses, e.g. because it has no TOP
     */
    public byte[] top(int number, int lines) throws IOException {
        usable();
        String command = "TOP " + number + " " + lines;
        try {
            command(command, command);
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            reader.copyBody(header, "the reply to " + command);
            return header.toByteArray();
        } catch (Pop3ReplyException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * RETRs {@code numbers} in order, with at most {@code window} commands in flight: {@code window} RETRs go out,
     * then each reply read sends the next. The body of each goes to the handler's stream as it arrives, exactly as
     * sent minus the stuffing dots and the terminating line.
     *
     * @param window 1 for one command at a time; more only when {@link #supportsPipelining()}
     */
    public void retrieve(List<Integer> numbers, int window, RetrieveHandler handler) throws IOException {
        checkWindow(window);
        usable();
        try {
            int sent = 0;
            for (int done = 0; done < numbers.size(); done++) {
                while (sent < numbers.size() && sent - done < window && handler.keepGoing()) {
                    send("RETR " + numbers.get(sent));
                    sent++;
                }
                if (sent == done) {
                    break;
                }
                flush();
                retrieveOne(numbers.get(done), handler);
            }
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    private void retrieveOne(int number, RetrieveHandler handler) throws IOException {
        String command = "RETR " + number;
        String reply = status(command);
        if (isErr(reply)) {
            handler.refused(number, reply);
            return;
        }
        long bytes;
        OutputStream message = Objects.requireNonNull(handler.open(number), "RetrieveHandler.open returned null");
        try (message) {
            bytes = reader.copyBody(message, "the reply to " + command);
        }
        handler.retrieved(number, bytes);
    }

    /**
     * Marks {@code numbers} deleted (DELE), with at most {@code window} commands in flight; the deletions take effect
     * at {@link #quit()}.
     *
     * @return the numbers the server refused to mark, e.g. because they do not exist
     */
    public List<Integer> delete(List<Integer> numbers, int window) throws IOException {
        checkWindow(window);
        usable();
        try {
            List<Integer> refused = new ArrayList<>();
            int sent = 0;
            for (int done = 0; done < numbers.size(); done++) {
                while (sent < numbers.size() && sent - done < window) {
                    send("DELE " + numbers.get(sent));
                    sent++;
                }
                flush();
                String command = "DELE " + numbers.get(done);
                if (isErr(status(command))) {
                    LOG.debug("POP3 server {} refused {}", server, command);
                    refused.add(numbers.get(done));
                }
            }
            return refused;
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * Ends the session with QUIT, which makes its deletions take effect (RFC 1939 UPDATE state), and closes the
     * connection whatever the answer.
     *
     * @throws Pop3ReplyException when the server answers {@code -ERR}, e.g. because some deletions failed
     */
    public void quit() throws IOException {
        try {
            usable();
            command("QUIT", "QUIT");
        } finally {
            close();
        }
    }

    /** Whether the session was closed (after a failure mid-fetch, say): nothing more can be sent on it. */
    boolean isClosed() {
        return closed;
    }

    /** Closes the socket without QUIT, so the session's deletions do not take effect; never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(socket, server);
        if (socket != tcp) {
            closeQuietly(tcp, server);
        }
    }

    private static void closeQuietly(Socket s, String server) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("Ignoring a failure to close the connection to POP3 server {}: the session is over either way",
                    server, e);
        }
    }

    private void checkWindow(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("A window of " + window + " commands in flight; it must be 1 or more");
        }
        if (window > 1 && !supportsPipelining()) {
            throw new IllegalArgumentException("A window of " + window + " commands needs PIPELINING, which POP3 "
                    + "server " + server + " does not advertise; use 1");
        }
    }

    private void usable() throws IOException {
        if (closed) {
            throw new IllegalStateException("The connection to POP3 server " + server + " is closed");
        }
        if (broken) {
            throw new IOException("The connection to POP3 server " + server + " is unusable after an earlier failure");
        }
    }

    /** Sends a command, awaits {@code +OK} and returns it; {@code -ERR} becomes a {@link Pop3ReplyException}. */
    private String command(String line, String shown) throws IOException {
        send(line);
        flush();
        String reply = status(shown);
        if (isErr(reply)) {
            throw Pop3ReplyException.refused(server, shown, reply);
        }
        return reply;
    }

    /** The status line of the reply to {@code shown}: +OK or -ERR, or a protocol error. */
    private String status(String shown) throws IOException {
        String reply = reader.readLine("the reply to " + shown);
        trace(reply);
        if (!isOk(reply) && !isErr(reply)) {
            throw Pop3ProtocolException.unexpected(server, "+OK or -ERR in reply to " + shown, reply);
        }
        return reply;
    }

    private void send(String line) throws IOException {
        send(line, line);
    }

    /**
     * Sends one command line; {@code shown} is how the TRACE protocol log shows it, the password or SASL response
     * masked.
     */
    private void send(String line, String shown) throws IOException {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} C: {}", server, shown);
        }
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }

    /** The protocol log (TRACE) of a status line from the server; message bodies are never logged. */
    private void trace(String reply) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} S: {}", server, Pop3ProtocolException.shown(reply));
        }
    }

    private void flush() throws IOException {
        out.flush();
    }

    private String[] fields(String line, String command) throws Pop3ProtocolException {
        String trimmed = line.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            throw Pop3ProtocolException.unexpected(server, "a \"number value\" line of " + command, line);
        }
        return new String[] {trimmed.substring(0, space), trimmed.substring(space + 1).trim()};
    }

    private int number(String field, String line, String command) throws Pop3ProtocolException {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw Pop3ProtocolException.unexpected(server, "a message number in a line of " + command, line);
        }
    }

    private static boolean isOk(String reply) {
        return reply.equals("+OK") || reply.startsWith("+OK ");
    }

    private static boolean isErr(String reply) {
        return reply.equals("-ERR") || reply.startsWith("-ERR ");
    }

    private static boolean isContinuation(String reply) {
        return reply.equals("+") || reply.startsWith("+ ");
    }
}
