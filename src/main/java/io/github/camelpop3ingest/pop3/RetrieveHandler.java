package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Receives the messages {@link Pop3Connection#retrieve} fetches. Every exception it throws ends the retrieval and
 * leaves the connection unusable, because the rest of the reply in flight is not read.
 */
public interface RetrieveHandler {

    /** Where the bytes of message {@code number} go; the client closes the stream, also when the retrieval fails. */
    OutputStream open(int number) throws IOException;

    /** Message {@code number} arrived whole ({@code bytes} as written to its stream, which is already closed). */
    void retrieved(int number, long bytes) throws IOException;

    /** The server answered {@code -ERR} to this RETR ({@code reply}); the retrieval goes on with the next number. */
    void refused(int number, String reply) throws IOException;

    /**
     * Asked before each RETR is sent: false stops sending more, while the replies already in flight are still read
     * and handed over.
     */
    default boolean keepGoing() {
        return true;
    }
}
