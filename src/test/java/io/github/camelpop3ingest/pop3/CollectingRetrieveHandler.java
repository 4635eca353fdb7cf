package io.github.camelpop3ingest.pop3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Keeps every retrieved message in memory and records what {@link Pop3Connection#retrieve} told it, in order.
 */
final class CollectingRetrieveHandler implements RetrieveHandler {

    /** One message's stream: its bytes and whether the client closed it. */
    static final class MessageStream extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    final Map<Integer, MessageStream> opened = new LinkedHashMap<>();
    final List<Integer> retrieved = new ArrayList<>();
    final Map<Integer, Long> sizes = new LinkedHashMap<>();
    final Map<Integer, String> refused = new LinkedHashMap<>();
    private final IntPredicate keepGoing;

    CollectingRetrieveHandler() {
        this(done -> true);
    }

    /** A handler that asks for more while {@code keepGoing} accepts the number of messages handed over so far. */
    CollectingRetrieveHandler(IntPredicate keepGoing) {
        this.keepGoing = keepGoing;
    }

    @Override
    public OutputStream open(int number) {
        MessageStream stream = new MessageStream();
        opened.put(number, stream);
        return stream;
    }

    @Override
    public void retrieved(int number, long bytes) throws IOException {
        if (!opened.get(number).closed) {
            throw new IOException("retrieved(" + number + ") before its stream was closed");
        }
        retrieved.add(number);
        sizes.put(number, bytes);
    }

    @Override
    public void refused(int number, String reply) {
        refused.put(number, reply);
    }

    @Override
    public boolean keepGoing() {
        return keepGoing.test(retrieved.size() + refused.size());
    }

    byte[] bytes(int number) {
        return opened.get(number).toByteArray();
    }

    /** The retrieved messages as ISO-8859-1 text, which maps every byte to one char and back. */
    List<String> texts() {
        return retrieved.stream().map(n -> new String(bytes(n), StandardCharsets.ISO_8859_1)).toList();
    }

    static List<String> texts(List<byte[]> raw) {
        return raw.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }
}
