package io.github.camelpop3ingest.pop3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A plain POP3 "server" on loopback that plays one scripted conversation with one client, for the failures a real
 * server cannot be made to produce: garbage, silence, a connection cut mid-reply. Not a POP3 implementation.
 */
final class ScriptedPop3Server implements AutoCloseable {

    /** The server's side of the conversation. */
    @FunctionalInterface
    interface Script {
        void play(Peer peer) throws Exception;
    }

    /** The connection to the client, as the script sees it. */
    final class Peer {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Sends {@code text} exactly as given, one char per byte. */
        void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** The next command line without CRLF, also recorded; null when the client closed the connection. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return null;
                }
                line.write(b);
            }
            String command = line.toString(StandardCharsets.UTF_8).replaceAll("\r$", "");
            commands.add(command);
            return command;
        }

        /** Reads the next command and fails unless it is {@code expected}. */
        void expect(String expected) throws IOException {
            String line = readLine();
            if (!expected.equals(line)) {
                throw new IllegalStateException("Expected \"" + expected + "\" from the client, got \"" + line + "\"");
            }
        }

        /** The usual start: a greeting, then CAPA answered with {@code capabilities} (none: -ERR). */
        void greet(String... capabilities) throws IOException {
            send("+OK scripted server ready\r\n");
            expect("CAPA");
            send(capabilities.length == 0 ? "-ERR unknown command\r\n"
                    : "+OK\r\n" + String.join("\r\n", capabilities) + "\r\n.\r\n");
        }

        /** Waits until the client closes the connection. */
        void awaitClose() throws IOException {
            while (in.read() >= 0) {
                // discard
            }
        }

        /** Cuts the connection. */
        void close() throws IOException {
            socket.close();
        }
    }

    private final ServerSocket serverSocket;
    private final Thread thread;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;
    private volatile Socket client;

    ScriptedPop3Server(Script script) throws IOException {
        serverSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket s = serverSocket.accept()) {
                client = s;
                script.play(new Peer(s));
            } catch (Throwable t) {
                failure = t;
            }
        }, "scripted-pop3-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** Plain POP3 to this server, with the given read timeout. */
    Pop3ConnectionSettings settings(int readTimeoutMillis) {
        return new Pop3ConnectionSettings("127.0.0.1", port(), Pop3Security.PLAIN, null, 2000, readTimeoutMillis);
    }

    /** Every line the client sent, in order. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    /** Waits for the script to end and rethrows what made it fail. */
    void awaitScript() throws Exception {
        thread.join(TimeUnit.SECONDS.toMillis(10));
        if (thread.isAlive()) {
            throw new IllegalStateException("The script did not end within 10 s");
        }
        if (failure != null) {
            throw new IllegalStateException("The script failed", failure);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        Socket s = client;
        if (s != null) {
            s.close();
        }
    }
}
