package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.github.camelpop3ingest.repository.BoundedKeys;
import org.apache.camel.spi.IdempotentRepository;

/**
 * The first stage of a poll: turns one UIDL (or the Message-ID fallback) into message references, tells the messages
 * processed on an earlier poll from the new ones before any TOP or RETR, and reserves the new ones in the idempotent
 * repository, so that no other consumer takes them. Only the poll's thread uses it.
 */
final class Pop3Inventory {

    /** What the check of the maildrop found, both lists in the server's order; {@code fresh} is the poll's to edit. */
    record Listing(List<Pop3MessageRef> processedBefore, List<Pop3MessageRef> fresh) {

        int onServer() {
            return processedBefore.size() + fresh.size();
        }
    }

    /** A new message over the size limit by LIST, recorded from its header only. */
    record Oversized(Pop3MessageRef message, long size, long limit) {
    }

    private final Pop3Account account;
    private final IdempotentRepository repository;
    private final Pop3WaitingMessages waiting;
    /** Key on Message-ID when the server lacks UIDL; otherwise such a server is refused. */
    private final boolean messageIdFallback;
    /** host:port, for the message that says the server lacks UIDL. */
    private final String server;
    /** At most this many new messages a poll; 0 means all. */
    private final int maxMessagesPerPoll;
    /** Larger messages by LIST are recorded from their header only; 0 means no limit. */
    private final long maxMessageSize;

    Pop3Inventory(Pop3Account account, IdempotentRepository repository, Pop3WaitingMessages waiting,
            boolean messageIdFallback, String server, int maxMessagesPerPoll, long maxMessageSize) {
        this.account = account;
        this.repository = repository;
        this.waiting = waiting;
        this.messageIdFallback = messageIdFallback;
        this.server = server;
        this.maxMessagesPerPoll = maxMessagesPerPoll;
        this.maxMessageSize = maxMessageSize;
    }

    /** Lists the maildrop and skips, by their keys, the messages processed before. */
    Listing take(Pop3Connection connection, Instant now) throws IOException {
        List<Pop3MessageRef> all = list(connection);
        waiting.onServer(all);
        List<Pop3MessageRef> processedBefore = new ArrayList<>();
        List<Pop3MessageRef> fresh = new ArrayList<>();
        for (Pop3MessageRef message : all) {
            if (repository.contains(message.stored())) {
                processedBefore.add(message);
            } else {
                fresh.add(message);
                waiting.seen(message, now);
            }
        }
        return new Listing(processedBefore, fresh);
    }

    /** Takes the messages over maxMessageSize by LIST out of {@code fresh}; without a limit, LISTs nothing. */
    List<Oversized> oversized(Pop3Connection connection, List<Pop3MessageRef> fresh) throws IOException {
        if (maxMessageSize <= 0 || fresh.isEmpty()) {
            return List.of();
        }
        Map<Integer, Long> sizes = connection.list();
        List<Oversized> over = new ArrayList<>();
        for (var it = fresh.iterator(); it.hasNext();) {
            Pop3MessageRef message = it.next();
            Long size = sizes.get(message.number());
            if (size != null && size > maxMessageSize) {
                it.remove();
                over.add(new Oversized(message, size, maxMessageSize));
            }
        }
        return over;
    }

    /**
     * Reserves up to maxMessagesPerPoll of {@code fresh}; a message another consumer of the same maildrop holds is
     * counted as skipped (POP3 allows one session, so this is rare).
     */
    List<Pop3MessageRef> reserve(List<Pop3MessageRef> fresh, Pop3PollStatistics statistics) {
        int limit = maxMessagesPerPoll > 0 ? maxMessagesPerPoll : Integer.MAX_VALUE;
        List<Pop3MessageRef> reserved = new ArrayList<>();
        for (Pop3MessageRef message : fresh) {
            if (reserved.size() == limit) {
                break;
            }
            if (reserve(message)) {
                reserved.add(message);
            } else {
                statistics.skipped();
            }
        }
        return reserved;
    }

    /** Reserves one message's key (the repository's idempotent add); false when another consumer holds it. */
    boolean reserve(Pop3MessageRef message) {
        return repository.add(message.stored());
    }

    /** Gives a reserved key back, so that the next poll fetches its message again. */
    void release(Pop3MessageRef message) {
        repository.remove(message.stored());
    }

    /**
     * Every message's reference, from one UIDL for the whole maildrop; the fallback keys on Message-ID at the price of
     * one TOP per message.
     */
    private List<Pop3MessageRef> list(Pop3Connection connection) throws IOException {
        Map<String, List<String>> capabilities = connection.capabilities();
        boolean advertised = capabilities.isEmpty() || capabilities.containsKey("UIDL");
        List<Pop3Listing> listings = advertised ? connection.uidl() : null;
        List<Pop3MessageRef> messages = new ArrayList<>();
        if (listings != null) {
            for (Pop3Listing listing : listings) {
                messages.add(new Pop3MessageRef(listing.number(), account.key(listing.uid())));
            }
            return messages;
        }
        if (!messageIdFallback) {
            throw new Pop3ServerException("POP3 server " + server
                    + " does not support UIDL, so messages cannot be told apart across sessions. "
                    + "Set uidlFallback=message-id to key them on the Message-ID header instead "
                    + "(one TOP per message and poll)");
        }
        for (Integer number : connection.list().keySet()) {
            messages.add(new Pop3MessageRef(number, account.key(fallbackId(connection.top(number, 0)))));
        }
        return messages;
    }

    /**
     * The Message-ID of a message's header block (from TOP n 0), or when it has none a hash of the whole block, the
     * best stable identity left.
     */
    static String fallbackId(byte[] header) {
        String text = new String(header, StandardCharsets.ISO_8859_1);
        String unfolded = text.replaceAll("\\r?\\n[ \\t]+", " ");
        for (String line : unfolded.split("\\r?\\n")) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Message-ID")) {
                String id = line.substring(colon + 1).trim();
                if (!id.isEmpty()) {
                    // The sender chooses its length; the key must fit every repository.
                    return BoundedKeys.bound("mid:" + id);
                }
            }
        }
        try {
            return "hdr:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(header));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
