package io.github.camelpop3ingest.main;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.pop3.Pop3PollListener;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.sink.DeliveryOutcomes;

/**
 * Totals of the main job's polls, the summary line it prints last, and its exit code; in once mode it ends the job
 * once every mailbox has been polled.
 */
public class IngestRun implements Pop3PollListener {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "ingestRun";

    private final AtomicLong fetched = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong archived = new AtomicLong();
    private final AtomicLong oversize = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong drainMillis = new AtomicLong();
    private final AtomicBoolean pollFailed = new AtomicBoolean();
    private final Runnable onFirstPoll;
    private final int mailboxes;
    private final Set<Pop3Account> polledMailboxes = ConcurrentHashMap.newKeySet();
    /** Mailboxes another instance leads (cluster mode): this one has nothing to do for them in once mode. */
    private final Set<Pop3Account> standbyMailboxes = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean allPolled = new AtomicBoolean();
    private final DeliveryOutcomes outcomes;

    /**
     * @param onFirstPoll run after the first poll has ended, or null to keep polling
     * @param outcomes    what happened after the archive: delivered, quarantined, retried
     */
    public IngestRun(Runnable onFirstPoll, DeliveryOutcomes outcomes) {
        this(onFirstPoll, 1, outcomes);
    }

    /**
     * @param onAllPolled run once every one of {@code mailboxes} has ended its first poll, or null to keep polling
     * @param mailboxes   how many mailboxes the job reads
     * @param outcomes    what happened after the archive: delivered, quarantined, retried
     */
    public IngestRun(Runnable onAllPolled, int mailboxes, DeliveryOutcomes outcomes) {
        this.onFirstPoll = onAllPolled;
        this.mailboxes = mailboxes;
        this.outcomes = outcomes;
    }

    @Override
    public void pollFinished(Pop3Account account, Pop3PollResult result, Exception failure) {
        fetched.addAndGet(result.fetched());
        skipped.addAndGet(result.skipped());
        archived.addAndGet(result.processed());
        oversize.addAndGet(result.oversize());
        failed.addAndGet(result.failed());
        bytes.addAndGet(result.bytes());
        drainMillis.addAndGet(result.drainMillis());
        if (failure != null) {
            pollFailed.set(true);
        }
        polls.incrementAndGet();
        polledMailboxes.add(account);
        standbyMailboxes.remove(account);
        checkAllDone();
    }

    /**
     * In cluster mode: another instance leads this mailbox, so in once mode this instance does not wait for it. A
     * mailbox that this instance polls after all counts as polled.
     */
    public void standby(Pop3Account account) {
        if (!polledMailboxes.contains(account)) {
            standbyMailboxes.add(account);
        }
        checkAllDone();
    }

    private void checkAllDone() {
        if (polledMailboxes.size() + standbyMailboxes.size() >= mailboxes && allPolled.compareAndSet(false, true)
                && onFirstPoll != null) {
            onFirstPoll.run();
        }
    }

    /** Whether at least one poll has ended. */
    public boolean polled() {
        return polls.get() > 0;
    }

    /**
     * 0 when every fetched message was archived and delivered and no poll failed (or, in cluster mode, every mailbox
     * is led by another instance); 1 otherwise, quarantined messages
     * included, since they wait for a replay.
     */
    public int exitCode() {
        // An instance in standby for every mailbox had nothing to do, which is no failure.
        boolean allArchived = (polled() || !standbyMailboxes.isEmpty()) && !pollFailed.get() && failed.get() == 0 && archived.get() >= fetched.get();
        return allArchived && outcomes.getQuarantined() == 0 ? 0 : 1;
    }

    /**
     * The job's last line: {@code fetched=N skipped=N archived=N failed=N bytes=N delivered=N quarantined=N
     * retried=N elapsed=S}, with {@code oversize=N} after archived when messages over the size limit were recorded
     * from their header only (they count as archived); delivered counts messages every configured sink confirmed (with no sink but the archive,
     * every archived message); elapsed is the seconds the polls took from connect to their last commit point (in
     * once mode: from the first connect to the last commit).
     */
    public String summaryLine() {
        return "fetched=" + fetched.get() + " skipped=" + skipped.get() + " archived=" + archived.get()
                + (oversize.get() == 0 ? "" : " oversize=" + oversize.get()) + " failed="
                + failed.get() + " bytes=" + bytes.get() + " delivered=" + outcomes.getDelivered() + " quarantined="
                + outcomes.getQuarantined() + " retried=" + outcomes.getRetried() + " elapsed="
                + String.format(Locale.ROOT, "%.3f", drainMillis.get() / 1000.0);
    }
}
