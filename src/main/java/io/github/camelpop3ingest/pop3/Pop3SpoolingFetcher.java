package io.github.camelpop3ingest.pop3;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a poll's reserved messages into spool files: RETRs (pipelined when the server offers PIPELINING) run on a
 * fetching thread, a bounded number of messages ahead, while the poll's thread takes each spooled message in the
 * server's order, routes it and reaches commit points as it goes; a message over maxMessageSize becomes a
 * headers-only record (TOP n 0) and is never retrieved.
 * <p>
 * Threads: {@link #fetch} and {@link #recordHeaders} run on the poll's thread; the RETRs on a thread of the
 * component's fetching pool, which talks to the poll's thread only through a bounded queue and a stop flag.
 */
final class Pop3SpoolingFetcher {

    // The consumer's category: operators follow a poll's lines under one logger name.
    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestConsumer.class);
    /** RETRs in flight when the server offers PIPELINING (RFC 2449); DELEs go out in windows of the same size. */
    static final int PIPELINE_WINDOW = 8;
    /** Spooled messages waiting for the route: how far fetching may run ahead of processing. */
    private static final int FETCH_AHEAD = 4;
    private static final int SPOOL_BUFFER_BYTES = 64 * 1024;

    /** What the poll's thread does with each spooled message. */
    @FunctionalInterface
    interface Route {
        void route(Pop3MessageRef message, Spooled spooled);
    }

    /** What the fetching thread hands to the poll's thread, in the server's order. */
    private sealed interface Fetched permits Spooled, Refused, Failed, End {
    }

    /**
     * A message in its spool file: retrieved whole, or (with {@code headersOnly}, the problem that says why) only its
     * header, for a message of {@code listSize} octets over the limit.
     */
    record Spooled(int number, Path file, long bytes, Instant receivedAt, long listSize, String headersOnly)
            implements Fetched {
    }

    /** The server answered -ERR to this RETR. */
    private record Refused(int number, String reply) implements Fetched {
    }

    /** The session failed; nothing follows. */
    private record Failed(Throwable cause) implements Fetched {
    }

    /** Every RETR was answered; nothing follows. */
    private record End() implements Fetched {
    }

    private final Pop3Account account;
    private final Pop3Spool spool;
    private final ExecutorService fetching;
    private final Pop3Inventory inventory;
    /** False once the consumer is stopping: messages not routed yet are released, not processed. */
    private final BooleanSupplier running;

    Pop3SpoolingFetcher(Pop3Account account, Pop3Spool spool, ExecutorService fetching, Pop3Inventory inventory,
            BooleanSupplier running) {
        this.account = account;
        this.spool = spool;
        this.fetching = fetching;
        this.inventory = inventory;
        this.running = running;
    }

    /** How many commands of a kind (RETR, DELE) may be in flight on this session. */
    static int window(Pop3Connection connection) {
        return connection.supportsPipelining() ? PIPELINE_WINDOW : 1;
    }

    /**
     * Takes the oversized messages one by one: reserves each, spools its header (TOP n 0) and routes that as its
     * record; the message itself stays on the server. Runs before {@link #fetch}: the session is not shared.
     */
    void recordHeaders(Pop3Connection connection, List<Pop3Inventory.Oversized> oversized,
            Pop3PollStatistics statistics, Route route) throws IOException {
        for (Pop3Inventory.Oversized over : oversized) {
            Pop3MessageRef message = over.message();
            if (!inventory.reserve(message)) {
                statistics.skipped();
                continue;
            }
            String problem = "not retrieved: the message is " + over.size() + " octets (LIST), over maxMessageSize "
                    + over.limit() + "; message.eml holds only its header (TOP " + message.number() + " 0), and the message "
                    + "stays on the server";
            byte[] header;
            try {
                header = connection.top(message.number(), 0);
            } catch (Pop3ReplyException refused) {
                header = new byte[0];
                problem = problem.replace("message.eml holds only its header", "the server refused its header ("
                        + Pop3FailureText.oneLine(refused.reply()) + "), so message.eml is empty");
            }
            Pop3Spool.NewFile spooled = spool.create();
            try (OutputStream out = spooled.out()) {
                out.write(header);
            }
            Path file = spooled.path();
            statistics.oversize();
            LOG.info("Message {} is {} octets, over maxMessageSize {}: not retrieved; its header is archived and it "
                    + "stays on the server", message.stored(), over.size(), over.limit());
            route.route(message, new Spooled(message.number(), file, header.length, Instant.now(), over.size(),
                    problem));
        }
    }

    /**
     * RETRs the reserved messages on the fetching thread while this thread routes each one spooled; a message whose
     * exchange never started is released for the next poll.
     */
    void fetch(Pop3Connection connection, List<Pop3MessageRef> reserved, Pop3PollStatistics statistics,
            Pop3OnCompletion completion, Route route) throws IOException {
        Map<Integer, Pop3MessageRef> pending = new LinkedHashMap<>();
        for (Pop3MessageRef message : reserved) {
            pending.put(message.number(), message);
        }
        Pipeline pipeline = new Pipeline(connection, new ArrayList<>(pending.keySet()));
        Future<?> retrieving = fetching.submit(pipeline);
        int total = reserved.size();
        int done = 0;
        boolean finished = false;
        try {
            while (!finished) {
                Fetched next = pipeline.queue.take();
                if (next instanceof Spooled spooled) {
                    Pop3MessageRef message = pending.remove(spooled.number());
                    if (running.getAsBoolean()) {
                        statistics.fetched(spooled.bytes());
                        route.route(message, spooled);
                    } else {
                        pipeline.stop.set(true);
                        inventory.release(message);
                        Pop3Spool.delete(spooled.file());
                    }
                    statistics.progress(++done, total);
                    completion.commitIfDue();
                } else if (next instanceof Refused refused) {
                    inventory.release(pending.remove(refused.number()));
                    statistics.failed(1);
                    LOG.warn("Retrieving message {} of {} failed: {}; it is fetched again on the next poll",
                            refused.number(), account, Pop3FailureText.oneLine(refused.reply()));
                } else {
                    finished = true;
                    if (next instanceof Failed f) {
                        // The message being read is not handed over; it is fetched again on the next poll.
                        statistics.failed(1);
                        throw f.cause() instanceof IOException io ? io : new IOException(f.cause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while draining " + account, e);
        } finally {
            if (!finished) {
                // This thread gave up first: stop the fetcher (closing the session ends a blocked read).
                pipeline.stop.set(true);
                connection.close();
                retrieving.cancel(true);
                pipeline.discardQueued();
            }
            for (Pop3MessageRef message : pending.values()) {
                inventory.release(message);
            }
        }
    }

    /** The fetching thread's work: RETRs into spool files, handed over through a queue of FETCH_AHEAD. */
    private final class Pipeline implements Runnable, RetrieveHandler {
        private final Pop3Connection connection;
        private final List<Integer> numbers;
        final BlockingQueue<Fetched> queue = new ArrayBlockingQueue<>(FETCH_AHEAD);
        final AtomicBoolean stop = new AtomicBoolean();
        /** The spool file being written; only the fetching thread touches it. */
        private Path current;

        Pipeline(Pop3Connection connection, List<Integer> numbers) {
            this.connection = connection;
            this.numbers = numbers;
        }

        @Override
        public void run() {
            Fetched last;
            try {
                connection.retrieve(numbers, window(connection), this);
                last = new End();
            } catch (IOException | RuntimeException e) {
                Pop3Spool.delete(current);
                last = new Failed(e);
            }
            try {
                queue.put(last);
            } catch (InterruptedException e) {
                // The poll's thread gave up on this fetch and no longer reads the queue.
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public OutputStream open(int number) throws IOException {
            Pop3Spool.NewFile file = spool.create();
            current = file.path();
            return new BufferedOutputStream(file.out(), SPOOL_BUFFER_BYTES);
        }

        @Override
        public void retrieved(int number, long size) throws IOException {
            Path file = current;
            current = null;
            hand(new Spooled(number, file, size, Instant.now(), 0, null), file);
        }

        @Override
        public void refused(int number, String reply) throws IOException {
            hand(new Refused(number, reply), null);
        }

        @Override
        public boolean keepGoing() {
            return !stop.get();
        }

        private void hand(Fetched fetched, Path file) throws IOException {
            try {
                queue.put(fetched);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Pop3Spool.delete(file);
                throw new IOException("Fetching from " + account + " was interrupted", e);
            }
        }

        /** Removes the spool files nobody will process. */
        void discardQueued() {
            Fetched f;
            while ((f = queue.poll()) != null) {
                if (f instanceof Spooled spooled) {
                    Pop3Spool.delete(spooled.file());
                }
            }
        }
    }
}
