package io.github.camelpop3ingest.pop3;

/**
 * What one poll did: messages on the server, skipped as already processed, fetched, processed, failed, deleted.
 *
 * @param onServer  messages in the maildrop when the poll began
 * @param skipped   messages skipped before any TOP or RETR because their key was already processed
 * @param fetched   messages retrieved with RETR
 * @param processed messages whose exchange completed and whose key was confirmed
 * @param failed    messages whose retrieval or exchange failed; they are fetched again on a later poll
 * @param deleted   messages marked for deletion (DELE) in this session
 * @param bytes     bytes retrieved
 * @param millis    wall time of the poll, from connect to QUIT
 * @param drainMillis wall time from connect to the poll's last commit point (to the end of the UIDL check when
 *                  nothing was new): how long the drain itself took
 * @param oldestWaitingMillis how long the oldest message still on the server and not yet processed has been waiting
 *                  since a poll first saw it; 0 when none waits
 * @param oversize  messages over maxMessageSize recorded from their header only (TOP n 0, not retrieved); they are
 *                  counted in processed too
 */
public record Pop3PollResult(int onServer, int skipped, int fetched, int processed, int failed, int deleted,
        long bytes, long millis, long drainMillis, long oldestWaitingMillis, int oversize) {

    /** A poll without a size limit. */
    public Pop3PollResult(int onServer, int skipped, int fetched, int processed, int failed, int deleted, long bytes,
            long millis, long drainMillis, long oldestWaitingMillis) {
        this(onServer, skipped, fetched, processed, failed, deleted, bytes, millis, drainMillis, oldestWaitingMillis, 0);
    }

    /** Messages on the server that were not processed before this poll. */
    public int fresh() {
        return onServer - skipped;
    }
}
