package io.github.camelpop3ingest.main;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.pop3.Pop3PollListener;
import io.github.camelpop3ingest.pop3.Pop3PollResult;

/**
 * Totals of the main job's polls, the summary line it prints last, and its exit code; in once mode it ends the job
 * after the first poll.
 */
public class IngestRun implements Pop3PollListener {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "ingestRun";

    private final AtomicLong fetched = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong archived = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicBoolean pollFailed = new AtomicBoolean();
    private final Runnable onFirstPoll;

    /**
     * @param onFirstPoll run after the first poll has ended, or null to keep polling
     */
    public IngestRun(Runnable onFirstPoll) {
        this.onFirstPoll = onFirstPoll;
    }

    @Override
    public void pollFinished(Pop3Account account, Pop3PollResult result, Exception failure) {
        fetched.addAndGet(result.fetched());
        skipped.addAndGet(result.skipped());
        archived.addAndGet(result.processed());
        failed.addAndGet(result.failed());
        bytes.addAndGet(result.bytes());
        if (failure != null) {
            pollFailed.set(true);
        }
        if (polls.incrementAndGet() == 1 && onFirstPoll != null) {
            onFirstPoll.run();
        }
    }

    /** Whether at least one poll has ended. */
    public boolean polled() {
        return polls.get() > 0;
    }

    /** 0 when every fetched message was archived and no poll failed, 1 otherwise. */
    public int exitCode() {
        return !polled() || pollFailed.get() || failed.get() > 0 || archived.get() < fetched.get() ? 1 : 0;
    }

    /** The job's last line: {@code fetched=N skipped=N archived=N failed=N bytes=N}. */
    public String summaryLine() {
        return "fetched=" + fetched.get() + " skipped=" + skipped.get() + " archived=" + archived.get() + " failed="
                + failed.get() + " bytes=" + bytes.get();
    }
}
