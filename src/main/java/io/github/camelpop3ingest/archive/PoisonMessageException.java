package io.github.camelpop3ingest.archive;

import io.github.camelpop3ingest.invoice.Envelope;

/**
 * A message whose processing failed in a way that retrying will not change (a memory or stack error in a parser, or
 * the same failure again and again): it is archived anyway with the failure as a problem, and goes to quarantine,
 * held on the server until a replay, so that the mailbox moves on.
 */
public class PoisonMessageException extends MessageStageException {

    /** Starts the envelope problem of a message archived as poison; a refetch after a crash finds it by this. */
    static final String PROBLEM_PREFIX = "processing failed for good: ";

    public PoisonMessageException(Stage stage, String account, String uidl, String what, Throwable cause) {
        super(stage, account, uidl, what + "; archived with this problem and quarantined", cause);
    }

    /** The problem that marks an archived message as poison, or null when it is none. */
    static String problemIn(Envelope envelope) {
        for (String problem : envelope.problems()) {
            if (problem.startsWith(PROBLEM_PREFIX)) {
                return problem.substring(PROBLEM_PREFIX.length());
            }
        }
        return null;
    }
}
