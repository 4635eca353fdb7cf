package io.github.camelpop3ingest.exchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The fsyncs a poll owes before it may confirm its messages, collected so that they run together at the poll's
 * commit points instead of one by one on every message's path.
 * <p>
 * POP3 applies DELE only at QUIT (RFC 1939), so nothing is lost by waiting: the consumer forces every registered
 * file, then confirms the keys in one journal write, and only then marks messages deleted and quits. A crash before
 * the commit point leaves the keys unconfirmed, and the messages are fetched again. Steps of a route find the
 * poll's commit point on the exchange ({@link IngestExchange#commitPoint}); without one (another consumer, a replay)
 * they must force their writes themselves.
 * <p>
 * The consumer starts a batch's forces with {@link #startForcing} and routes the next messages while they run, so a
 * force may run beside later messages' steps: it must be safe to run while they write (forcing a published folder,
 * a log that later records are appended to). A write registered after a batch started belongs to the next batch.
 */
public final class CommitPoint {

    /** A write to force to disk. */
    @FunctionalInterface
    public interface Force {
        void force() throws IOException;
    }

    /** The forces of one batch, running; {@link #await} returns when all of them are durable. */
    public interface Forcing {
        /** Waits for every force of the batch; throws the first failure, the others suppressed in it. */
        void await() throws IOException;
    }

    private static final Forcing NOTHING = () -> {
    };

    private final Map<Object, Force> pending = new LinkedHashMap<>();
    private final ExecutorService forcing;

    /** @param forcing runs the forces side by side (a file system commits concurrent fsyncs together), or null */
    public CommitPoint(ExecutorService forcing) {
        this.forcing = forcing;
    }

    /**
     * Registers a write to force at the next commit point; a second registration under an equal {@code what} (the
     * same folder, the same log) is forced once.
     */
    public synchronized void add(Object what, Force force) {
        pending.putIfAbsent(what, force);
    }

    public synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Forces every registered write; when this returns normally, all of them are durable. */
    public void forceAll() throws IOException {
        startForcing().await();
    }

    /**
     * Starts forcing every write registered so far and returns at once when there is an executor (without one, or
     * for a single write, the forces run before it returns); later registrations wait for the next batch.
     */
    public Forcing startForcing() throws IOException {
        List<Force> forces;
        synchronized (this) {
            forces = new ArrayList<>(pending.values());
            pending.clear();
        }
        if (forcing == null || forces.size() < 2) {
            for (Force f : forces) {
                f.force();
            }
            return NOTHING;
        }
        List<Future<?>> running = new ArrayList<>(forces.size());
        for (Force f : forces) {
            running.add(forcing.submit(() -> {
                f.force();
                return null;
            }));
        }
        return () -> awaitAll(running);
    }

    private static void awaitAll(List<Future<?>> running) throws IOException {
        IOException failure = null;
        for (Future<?> r : running) {
            try {
                r.get();
            } catch (ExecutionException e) {
                IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while forcing the poll's writes to disk", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
