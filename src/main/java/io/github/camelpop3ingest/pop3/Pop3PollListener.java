package io.github.camelpop3ingest.pop3;

/**
 * Told about every poll of a POP3 ingest consumer; beans of this type in the Camel registry are found automatically.
 */
public interface Pop3PollListener {

    /**
     * Called once a poll has ended, after QUIT.
     *
     * @param failure why the poll could not complete (connect, login, protocol), or null when it did
     */
    void pollFinished(Pop3Account account, Pop3PollResult result, Exception failure);
}
