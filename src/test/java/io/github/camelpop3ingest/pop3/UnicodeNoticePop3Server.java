package io.github.camelpop3ingest.pop3;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain POP3 server on loopback that behaves as Courier's does towards RFC 6856: it advertises UTF8 in CAPA and, to a
 * session that has not sent UTF8, serves a message with raw 8-bit header bytes as a generated notice ("Cannot display
 * Unicode content") that carries the original as an attachment. It can also announce LOGIN-DELAY, differently before
 * and after login, and counts logins. One session at a time, as a POP3 maildrop allows; not a full POP3 server.
 */
final class UnicodeNoticePop3Server implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "s3cret";
    static final String NOTICE_SUBJECT = "Subject: Cannot display Unicode content";

    private record Stored(String uidl, byte[] bytes) {
    }

    private final ServerSocket serverSocket;
    private final Thread thread;
    private final List<Stored> maildrop = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger nextUidl = new AtomicInteger(1);
    private volatile List<String> capabilities = List.of("USER", "UIDL", "UTF8 USER");
    private volatile List<String> capabilitiesAfterLogin;
    private volatile String utf8Reply = "+OK UTF8 enabled";
    private volatile Throwable failure;

    UnicodeNoticePop3Server() throws IOException {
        serverSocket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "unicode-notice-pop3-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** What CAPA lists, before login and, unless {@link #capabilitiesAfterLogin} says otherwise, after. */
    UnicodeNoticePop3Server capabilities(String... lines) {
        capabilities = List.of(lines);
        return this;
    }

    UnicodeNoticePop3Server capabilitiesAfterLogin(String... lines) {
        capabilitiesAfterLogin = List.of(lines);
        return this;
    }

    /** The reply to UTF8, e.g. an {@code -ERR} to play a server that advertises it but refuses. */
    UnicodeNoticePop3Server utf8Reply(String reply) {
        utf8Reply = reply;
        return this;
    }

    void deliver(byte[] message) {
        maildrop.add(new Stored("u" + nextUidl.getAndIncrement(), message.clone()));
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    Pop3ConnectionSettings settings() {
        return new Pop3ConnectionSettings("127.0.0.1", port(), Pop3Security.PLAIN, null, 2000, 2000);
    }

    /** Endpoint options for this server: plain POP3, opted in. */
    String endpointOptions() {
        return "port=" + port() + "&username=" + USER + "&password=RAW(" + PASSWORD + ")&security=PLAIN"
                + "&allowPlaintext=true";
    }

    /** Every command line received, over all sessions, the password masked. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    /** Successful logins so far. */
    int logins() {
        return logins.get();
    }

    int messagesOnServer() {
        return maildrop.size();
    }

    /** Rethrows what broke the server, if anything. */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("The server failed", failure);
        }
    }

    private void serve() {
        while (!serverSocket.isClosed()) {
            try (Socket s = serverSocket.accept()) {
                session(s.getInputStream(), new BufferedOutputStream(s.getOutputStream()));
            } catch (SocketException e) {
                // Closed by close(), or by a client gone mid-session: the next session starts afresh.
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    private void session(InputStream in, OutputStream out) throws IOException {
        boolean loggedIn = false;
        boolean userGiven = false;
        boolean utf8 = false;
        Set<Integer> deleted = new HashSet<>();
        List<Stored> messages = new ArrayList<>(maildrop);
        reply(out, "+OK Hello there.");
        for (String line = readLine(in); line != null; line = readLine(in)) {
            String[] words = line.split(" ", 2);
            String verb = words[0].toUpperCase();
            String argument = words.length > 1 ? words[1] : "";
            commands.add("PASS".equals(verb) ? "PASS ***" : line);
            switch (verb) {
                case "CAPA" -> {
                    List<String> lines = loggedIn && capabilitiesAfterLogin != null ? capabilitiesAfterLogin
                            : capabilities;
                    reply(out, "+OK Here's what I can do:\r\n" + String.join("\r\n", lines) + "\r\n.");
                }
                case "UTF8" -> {
                    reply(out, utf8Reply);
                    utf8 |= utf8Reply.startsWith("+OK");
                }
                case "USER" -> {
                    userGiven = !loggedIn && USER.equals(argument);
                    reply(out, userGiven ? "+OK Password required." : "-ERR Invalid user.");
                }
                case "PASS" -> {
                    if (userGiven && PASSWORD.equals(argument)) {
                        loggedIn = true;
                        logins.incrementAndGet();
                        reply(out, "+OK logged in.");
                    } else {
                        reply(out, "-ERR Login failed.");
                    }
                }
                case "UIDL", "LIST" -> {
                    if (!loggedIn) {
                        reply(out, "-ERR Not logged in.");
                        break;
                    }
                    StringBuilder listing = new StringBuilder("+OK\r\n");
                    for (int i = 0; i < messages.size(); i++) {
                        if (!deleted.contains(i + 1)) {
                            Stored m = messages.get(i);
                            listing.append(i + 1).append(' ')
                                    .append("UIDL".equals(verb) ? m.uidl() : served(m.bytes(), utf8).length)
                                    .append("\r\n");
                        }
                    }
                    reply(out, listing.append('.').toString());
                }
                case "RETR" -> {
                    int n = number(argument, messages.size(), deleted);
                    if (!loggedIn || n == 0) {
                        reply(out, "-ERR No such message.");
                        break;
                    }
                    byte[] body = served(messages.get(n - 1).bytes(), utf8);
                    reply(out, "+OK " + body.length + " octets follow.");
                    out.write(stuffed(body));
                    out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                case "DELE" -> {
                    int n = number(argument, messages.size(), deleted);
                    if (!loggedIn || n == 0) {
                        reply(out, "-ERR No such message.");
                    } else {
                        deleted.add(n);
                        reply(out, "+OK Deleted.");
                    }
                }
                case "NOOP" -> reply(out, "+OK Yup.");
                case "QUIT" -> {
                    for (int n : deleted) {
                        maildrop.remove(messages.get(n - 1));
                    }
                    reply(out, "+OK Bye-bye.");
                    return;
                }
                default -> reply(out, "-ERR Invalid command.");
            }
        }
    }

    private static int number(String argument, int count, Set<Integer> deleted) {
        try {
            int n = Integer.parseInt(argument.trim());
            return n >= 1 && n <= count && !deleted.contains(n) ? n : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The message as this session gets it: as stored, or wrapped in the notice when its header has 8-bit bytes. */
    static byte[] served(byte[] message, boolean utf8) {
        if (utf8 || !eightBitHeader(message)) {
            return message;
        }
        String boundary = "=_notice-1";
        String head = "From: Mail Delivery Subsystem <postmaster>\r\n" + NOTICE_SUBJECT + "\r\n"
                + "Mime-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain\r\n\r\n"
                + "This message has Unicode headers but your client did not enable UTF8 (RFC 6856).\r\n"
                + "--" + boundary + "\r\nContent-Type: message/global\r\n\r\n";
        ByteArrayOutputStream notice = new ByteArrayOutputStream();
        notice.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        notice.writeBytes(message);
        notice.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return notice.toByteArray();
    }

    private static boolean eightBitHeader(byte[] message) {
        for (int i = 0; i < message.length; i++) {
            if (message[i] < 0) {
                return true;
            }
            if (message[i] == '\n' && i + 2 < message.length
                    && (message[i + 1] == '\n' || message[i + 1] == '\r' && message[i + 2] == '\n')) {
                return false;
            }
        }
        return false;
    }

    /** Dot-stuffs CRLF lines; the message ends with CRLF, as every fixture here does. */
    private static byte[] stuffed(byte[] body) {
        ByteArrayOutputStream stuffed = new ByteArrayOutputStream(body.length + 16);
        boolean lineStart = true;
        for (byte b : body) {
            if (lineStart && b == '.') {
                stuffed.write('.');
            }
            stuffed.write(b);
            lineStart = b == '\n';
        }
        return stuffed.toByteArray();
    }

    private void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).replaceAll("\r$", "");
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
