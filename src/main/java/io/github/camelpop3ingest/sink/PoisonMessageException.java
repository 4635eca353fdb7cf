package io.github.camelpop3ingest.sink;

/**
 * A message whose processing failed in a way that retrying will not change (a memory or stack error in a parser, or
 * the same failure again and again): it is archived anyway with the failure as a problem, and goes to quarantine,
 * held on the server until a replay, so that the mailbox moves on.
 */
public class PoisonMessageException extends MessageStageException {

    public PoisonMessageException(Stage stage, String account, String uidl, String what, Throwable cause) {
        super(stage, account, uidl, what + "; archived with this problem and quarantined", cause);
    }
}
