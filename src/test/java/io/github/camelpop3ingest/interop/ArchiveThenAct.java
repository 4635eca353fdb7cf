package io.github.camelpop3ingest.interop;

import java.nio.file.Path;

import io.github.camelpop3ingest.archive.ArchiveWriter;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;

/**
 * An archive writer that runs an action right after the n-th message is archived, still inside that message's
 * exchange, so a test can break the POP3 session at an exact point of a drain.
 */
final class ArchiveThenAct extends ArchiveWriter {

    private final long after;
    private final Runnable action;

    ArchiveThenAct(Path archiveDir, long after, Runnable action) {
        super(archiveDir);
        this.after = after;
        this.action = action;
    }

    @Handler
    @Override
    public void archive(Exchange exchange) throws Exception {
        super.archive(exchange);
        if (getArchivedCount() == after) {
            action.run();
        }
    }
}
