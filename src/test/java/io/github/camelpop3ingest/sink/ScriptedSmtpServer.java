package io.github.camelpop3ingest.sink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server on a dynamic loopback port that answers RCPT and AUTH as a test tells it, for the replies GreenMail
 * never gives (a refused recipient, a deferred one, a refused login); it records the commands, without AUTH data.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private volatile String rcptReply = "250 2.1.5 ok";
    private volatile String authReply = "235 2.7.0 authenticated";
    private volatile int messages;

    ScriptedSmtpServer() throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    ScriptedSmtpServer answeringRcpt(String reply) {
        this.rcptReply = reply;
        return this;
    }

    ScriptedSmtpServer answeringAuth(String reply) {
        this.authReply = reply;
        return this;
    }

    /** The command verbs received, e.g. EHLO, AUTH, MAIL, RCPT, DATA, QUIT. */
    List<String> commands() {
        return commands;
    }

    /** Messages accepted after DATA. */
    int messages() {
        return messages;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException e) {
                // Closed by the test, or the client went away; the next connection starts afresh.
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        send(out, "220 scripted.example ESMTP");
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            commands.add(verb);
            switch (verb) {
                case "EHLO" -> send(out, "250-scripted.example\r\n250-AUTH PLAIN\r\n250 8BITMIME");
                case "AUTH" -> {
                    if (line.trim().split(" ").length == 2) {
                        send(out, "334 ");
                        in.readLine();
                    }
                    send(out, authReply);
                }
                case "RCPT" -> send(out, rcptReply);
                case "DATA" -> {
                    send(out, "354 go ahead");
                    for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                        // The message itself is not kept.
                    }
                    messages++;
                    send(out, "250 2.0.0 queued");
                }
                case "QUIT" -> {
                    send(out, "221 2.0.0 bye");
                    return;
                }
                default -> send(out, "250 ok");
            }
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
