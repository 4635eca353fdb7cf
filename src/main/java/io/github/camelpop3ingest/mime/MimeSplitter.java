package io.github.camelpop3ingest.mime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.mime4j.stream.MimeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits one message file into decoded part files under {@code folder/parts/} and describes it as a
 * {@link MessageDescription}, streaming so that heap use does not grow with message size.
 */
public final class MimeSplitter {

    /** Longest single header field accepted; a longer one stops parsing with a problem instead of filling the heap. */
    public static final int DEFAULT_MAX_HEADER_LENGTH = 1024 * 1024;

    /** Most header fields accepted per header block. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 10_000;

    /**
     * Deepest nesting of body parts that is split, embedded messages included; deeper multiparts are kept whole as one
     * part with a problem. Real mail nests a handful of levels; 3,000 still fit the stack of a default thread.
     */
    public static final int DEFAULT_MAX_DEPTH = 100;

    /** The folder under a message's folder that receives its part files. */
    public static final String PARTS_DIR = PartFiles.PARTS_DIR;

    private static final Logger LOG = LoggerFactory.getLogger(MimeSplitter.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final byte[] MBOX_FROM = "From ".getBytes(StandardCharsets.US_ASCII);

    private final MimeConfig config;
    private int maxDepth = DEFAULT_MAX_DEPTH;

    /** A splitter with lenient mime4j settings and the default header limits. */
    public MimeSplitter() {
        this.config = MimeConfig.custom()
                .setStrictParsing(false)
                // A broken first header line (e.g. "Mail content:") must not turn the whole message into a body.
                .setMalformedHeaderStartsBody(false)
                // Base64 and binary bodies can have arbitrarily long lines; bodies are streamed, never buffered.
                .setMaxLineLen(-1)
                .setMaxHeaderLen(DEFAULT_MAX_HEADER_LENGTH)
                .setMaxHeaderCount(DEFAULT_MAX_HEADER_COUNT)
                .setMaxContentLen(-1)
                .build();
    }

    /**
     * Streams messageFile once (never loads it into memory), writes every leaf part's decoded body into
     * {@code folder.resolve("parts")} under a sanitized unique name, and returns its description.
     * Never throws for malformed MIME: problems are listed in the description. Throws IOException only for I/O
     * failures.
     * The part files are not forced to disk: making the folder durable is the caller's (the archive's) job.
     */
    public MessageDescription split(Path messageFile, Path folder, MessageSource source) throws IOException {
        Objects.requireNonNull(folder, "folder");
        return read(messageFile, folder, source, null);
    }

    /**
     * Describes a message that is archived without being split (its splitting or what came after failed for good):
     * the envelope headers, size and hash, no parts, and {@code problem} saying why. Reads only the header block
     * with the parser, so the failure cannot come back, and writes no part file.
     */
    public MessageDescription describeUnsplit(Path messageFile, MessageSource source, String problem)
            throws IOException {
        Objects.requireNonNull(problem, "problem");
        return read(messageFile, null, source, problem);
    }

    private MessageDescription read(Path messageFile, Path folder, MessageSource source, String unsplit)
            throws IOException {
        Objects.requireNonNull(messageFile, "messageFile");
        Objects.requireNonNull(source, "source");
        Problems problems = new Problems();
        if (unsplit != null) {
            problems.add(unsplit);
        }
        MeasuringOutputStream whole = new MeasuringOutputStream(OutputStream.nullOutputStream(), List.of());
        try (FileChannel channel = FileChannel.open(messageFile);
             TeeInputStream measured = new TeeInputStream(Channels.newInputStream(channel), whole)) {
            int bufferSize = bufferSize(channel.size());
            PartFiles files = folder == null ? null : new PartFiles(folder, bufferSize);
            SplitHandler handler = new SplitHandler(files, problems, "", 0, config, maxDepth, 0);
            if (unsplit != null) {
                handler.headersOnly();
            }
            InputStream message = new BufferedInputStream(measured, bufferSize);
            skipMboxFromLine(message);
            // Unsplit, the parser sees the header block and nothing after it: whatever failed in the body stays out.
            handler.parse(unsplit == null ? message : new HeaderBlockInputStream(message));
            // mime4j may stop before the end (e.g. after a fatal header limit); size and hash cover every byte.
            measured.drain();
            MessageDescription description = describe(handler, source, whole.size(), whole.sha256Hex(), problems);
            LOG.debug("Split {} into {} parts with {} problems", messageFile, description.parts().size(),
                    description.problems().size());
            return description;
        }
    }

    /**
     * Decoding never makes a body larger than its encoded form, so no part outgrows the message: a small message
     * needs no 64 KB buffers, whose zeroing was 9% of the route thread's CPU in a drain of 2 KB mails.
     */
    private static int bufferSize(long messageSize) {
        return (int) Math.max(1, Math.min(BUFFER_SIZE, messageSize));
    }

    /** Sets the deepest nesting of body parts that is split ({@link #DEFAULT_MAX_DEPTH} unless set). */
    public void setMaxDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    public int getMaxDepth() {
        return maxDepth;
    }

    /** An mbox "From " envelope line is not a header; it is skipped silently (not a MIME problem). */
    private static void skipMboxFromLine(InputStream in) throws IOException {
        in.mark(MBOX_FROM.length);
        byte[] start = in.readNBytes(MBOX_FROM.length);
        if (!Arrays.equals(start, MBOX_FROM)) {
            in.reset();
            return;
        }
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            // skip to the end of the line
        }
    }

    /** Ends at the blank line that ends a message's header block (CRLF or bare LF line ends). */
    private static final class HeaderBlockInputStream extends InputStream {
        private final InputStream in;
        private int lineLength;
        private boolean ended;

        HeaderBlockInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (ended) {
                return -1;
            }
            int b = in.read();
            if (b == '\n') {
                ended = lineLength == 0;
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
            if (b < 0) {
                ended = true;
            }
            return b;
        }
    }

    private static MessageDescription describe(SplitHandler handler, MessageSource source, long size, String sha256,
                                     Problems problems) {
        Map<String, List<String>> headers = handler.envelopeHeaders();
        String messageId = first(headers, "message-id").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        String subject = first(headers, "subject")
                .map(s -> EncodedWordDecoder.decode(s, p -> problems.add("Subject header: " + p)).strip())
                .orElse(null);
        OffsetDateTime date = null;
        Optional<String> dateValue = first(headers, "date");
        if (dateValue.isPresent()) {
            date = DateHeaderParser.parse(dateValue.get()).orElse(null);
            if (date == null) {
                problems.add("Date header unparseable: '" + Problems.abbreviate(dateValue.get()) + "'");
            }
        }
        return new MessageDescription(
                source.account(),
                source.uidl(),
                messageId,
                addresses(headers, "from", "From", problems),
                addresses(headers, "to", "To", problems),
                addresses(headers, "cc", "Cc", problems),
                addresses(headers, "reply-to", "Reply-To", problems),
                subject,
                date,
                source.receivedAt(),
                size,
                sha256,
                handler.parts(),
                problems.toList());
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static List<String> addresses(Map<String, List<String>> headers, String key, String headerName,
                                          Problems problems) {
        List<String> result = new ArrayList<>();
        for (String value : headers.getOrDefault(key, List.of())) {
            result.addAll(AddressListDecoder.decode(headerName, value, problems::add));
        }
        return result;
    }
}
