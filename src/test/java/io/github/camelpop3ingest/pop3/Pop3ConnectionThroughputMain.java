package io.github.camelpop3ingest.pop3;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;

import io.github.camelpop3ingest.testing.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * Measures how fast {@link Pop3Connection#retrieve} drains a private Dovecot over POP3S, with window 1 and 16, next to
 * Angus Mail's POP3 store (what the consumer uses today), and prints one line per run. Not a test: nothing is
 * asserted, and it needs root and dovecot-pop3d like the Dovecot tests.
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.github.camelpop3ingest.pop3.Pop3ConnectionThroughputMain [messages] [bytes per message] [rounds]
 * </pre>
 */
public final class Pop3ConnectionThroughputMain {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Pop3ConnectionThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        DovecotServer dovecot = new DovecotServer();
        dovecot.beforeEach(null);
        try {
            Random random = new Random(1);
            long delivered = 0;
            for (int i = 0; i < count; i++) {
                byte[] message = message(i, size, random);
                dovecot.deliver(message);
                delivered += message.length;
            }
            System.out.printf(Locale.ROOT, "%d messages, %.1f MB, Dovecot POP3S on loopback, %d cores%n", count,
                    delivered / 1e6, Runtime.getRuntime().availableProcessors());
            // Warm-up: JIT, TLS session, Dovecot's index and the page cache.
            ownClient(dovecot, 16, false);
            angus(dovecot, false);
            for (int round = 1; round <= rounds; round++) {
                ownClient(dovecot, 1, true);
                ownClient(dovecot, 16, true);
                angus(dovecot, true);
            }
        } finally {
            dovecot.afterEach(null);
        }
    }

    private static void ownClient(DovecotServer dovecot, int window, boolean print) throws Exception {
        Counting sink = new Counting();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try (Pop3Connection pop3 = Pop3Connection.open(TestConnections.pop3s(dovecot))) {
            pop3.login(TestConnections.alice(Pop3AuthMechanism.USER));
            List<Integer> numbers = pop3.uidl().stream().map(Pop3Listing::number).toList();
            pop3.retrieve(numbers, window, new RetrieveHandler() {
                @Override
                public OutputStream open(int number) {
                    return sink;
                }

                @Override
                public void retrieved(int number, long bytes) {
                    sink.messages++;
                }

                @Override
                public void refused(int number, String reply) {
                    throw new IllegalStateException("RETR " + number + " refused: " + reply);
                }
            });
            pop3.quit();
        }
        report("Pop3Connection window " + window, start, cpu, sink, print);
    }

    private static void angus(DovecotServer dovecot, boolean print) throws Exception {
        Properties props = new Properties();
        props.put("mail.pop3s.ssl.socketFactory", TlsSocketFactories.socketFactory(dovecot.certificate(), null,
                "localhost", "test truststore"));
        props.put("mail.pop3s.ssl.checkserveridentity", "true");
        props.put("mail.pop3s.cachewriteto", "false");
        props.put("mail.pop3s.keepmessagecontent", "false");
        Counting sink = new Counting();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        Store store = Session.getInstance(props).getStore("pop3s");
        store.connect("localhost", dovecot.port(), DovecotServer.USER, DovecotServer.PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message message : inbox.getMessages()) {
                message.writeTo(sink);
                sink.messages++;
            }
            inbox.close(false);
        } finally {
            store.close();
        }
        report("Angus POP3Store (one RETR at a time)", start, cpu, sink, print);
    }

    private static void report(String what, long start, long cpu, Counting sink, boolean print) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
        if (print) {
            System.out.printf(Locale.ROOT, "%-38s %5d messages %7.1f MB in %6.2f s = %6.1f MB/s, client thread CPU %5.2f s%n",
                    what, sink.messages, sink.bytes / 1e6, seconds, sink.bytes / 1e6 / seconds, cpuSeconds);
        }
    }

    /** About {@code size} bytes: a header, then base64-like lines as in an attachment, now and then one with a dot. */
    private static byte[] message(int index, int size, Random random) {
        StringBuilder sb = new StringBuilder(size + 200);
        sb.append("From: bench@example.com\r\nTo: alice@localhost\r\nSubject: Message ").append(index)
                .append("\r\nMessage-ID: <").append(index).append("@bench.example>\r\nMIME-Version: 1.0\r\n")
                .append("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        while (sb.length() < size) {
            if (random.nextInt(50) == 0) {
                sb.append('.');
            }
            for (int c = 0; c < 76; c++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Discards what it gets and counts it. */
    private static final class Counting extends OutputStream {
        long bytes;
        int messages;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }

        @Override
        public void close() {
            // One sink for every message; the client closes it after each.
        }
    }
}
