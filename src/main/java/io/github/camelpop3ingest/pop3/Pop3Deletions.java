package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.camelpop3ingest.repository.ProcessedTimestamps;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where messages are deleted from the server, and the only place: decides which of a session's messages the delete
 * policy lets go (confirmed at this poll's commit points, or processed on an earlier poll and due since), never a
 * held one, and sends their DELEs before QUIT, which makes them take effect (RFC 1939). One per poll; only the poll's
 * thread uses it.
 */
final class Pop3Deletions {

    // The consumer's category: operators follow a poll's lines under one logger name.
    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestConsumer.class);

    private final Pop3Account account;
    private final DeletePolicy policy;
    private final IdempotentRepository repository;
    private final IdempotentRepository holdRepository;
    /** Message numbers to delete at the end of the session, in the order they became due. */
    private final List<Integer> numbers = new ArrayList<>();

    /** @param holdRepository the keys of messages that stay on the server whatever the policy, or null */
    Pop3Deletions(Pop3Account account, DeletePolicy policy, IdempotentRepository repository,
            IdempotentRepository holdRepository) {
        this.account = account;
        this.policy = policy;
        this.repository = repository;
        this.holdRepository = holdRepository;
    }

    /** The sweep: messages processed on an earlier poll whose deletion is due but never took effect. */
    void sweep(List<Pop3MessageRef> processedBefore, Instant now) {
        if (!policy.deletes()) {
            return;
        }
        for (Pop3MessageRef message : processedBefore) {
            String key = message.stored();
            if (held(key)) {
                continue;
            }
            Instant processedAt = policy.needsProcessedTime()
                    ? ((ProcessedTimestamps) repository).processedAt(key).orElse(null) : null;
            if (policy.isDue(processedAt, now)) {
                numbers.add(message.number());
            }
        }
    }

    /** Messages a commit point just confirmed: deleted in this session when the policy says at once. */
    void confirmed(List<Pop3MessageRef> messages) {
        if (!policy.deletesAtOnce()) {
            return;
        }
        for (Pop3MessageRef message : messages) {
            if (!held(message.stored())) {
                numbers.add(message.number());
            }
        }
    }

    /** A held message (quarantined: not every sink confirmed it) stays on the server until it is released. */
    private boolean held(String key) {
        return holdRepository != null && holdRepository.contains(key);
    }

    /**
     * Sends the DELEs and QUIT, and closes the session; returns how many deletions took effect. When the session is
     * broken or QUIT fails, none did, and the sweep of a later poll deletes them.
     */
    int endSession(Pop3Connection connection) {
        if (connection.isClosed()) {
            // A failure mid-fetch closed it to stop the pipelined RETRs; messages confirmed since (their writes forced
            // meanwhile) are deleted by the sweep of the next poll.
            if (!numbers.isEmpty()) {
                LOG.warn("The session with {} was closed after a failure; {} deletions did not take effect and are "
                        + "retried on the next poll", account, numbers.size());
            }
            return 0;
        }
        int deleted = 0;
        try {
            if (!numbers.isEmpty()) {
                List<Integer> refused = connection.delete(List.copyOf(numbers),
                        Pop3SpoolingFetcher.window(connection));
                if (!refused.isEmpty()) {
                    LOG.warn("{} refused to delete {} messages (numbers {}); the sweep of a later poll tries again",
                            account, refused.size(), refused);
                }
                deleted = numbers.size() - refused.size();
            }
            connection.quit();
        } catch (IOException e) {
            deleted = 0;
            LOG.warn("Ending the session with {} failed ({}); {} deletions did not take effect and are retried on the "
                    + "next poll", account, Pop3FailureText.oneLine(e.getMessage()), numbers.size());
        } finally {
            connection.close();
        }
        return deleted;
    }
}
