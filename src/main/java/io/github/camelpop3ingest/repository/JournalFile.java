package io.github.camelpop3ingest.repository;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

import io.github.camelpop3ingest.durable.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only file of checksummed key records that survives a kill at any instant.
 *
 * <p>Layout: the ASCII header {@code "pop3-uidl-journal v1\n"}, then records of
 * {@code int bodyLength, byte type, long epochMillis, byte[] utf8Key, int crc32}, big-endian, where the CRC covers the
 * length and the body. Bytes are only ever appended after the last complete record or replaced as a whole file by
 * rename, so a crash can only leave an incomplete last record, which {@link #open} detects and cuts off.
 */
final class JournalFile implements Closeable {

    static final byte CONFIRMED = 'C';
    static final byte REMOVED = 'R';
    static final int MAX_KEY_BYTES = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(JournalFile.class);
    private static final byte[] HEADER = "pop3-uidl-journal v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final String TEMP_SUFFIX = ".tmp";
    private static final int BODY_FIXED_BYTES = 1 + Long.BYTES;
    private static final int FRAME_BYTES = Integer.BYTES + BODY_FIXED_BYTES + Integer.BYTES;
    private static final int BUFFER_BYTES = 64 * 1024;

    /** Receives each complete record while the journal is replayed. */
    @FunctionalInterface
    interface RecordVisitor {
        void record(byte type, long epochMillis, byte[] key);
    }

    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final CRC32 crc = new CRC32();
    private FileChannel channel;
    private long committedEnd;
    private long records;
    private long stagedRecords;

    private JournalFile(Path file, FileChannel channel, long records) throws IOException {
        this.file = file;
        this.channel = channel;
        this.records = records;
        this.committedEnd = channel.position();
    }

    /** Opens the journal for appending, creating it if missing, after replaying every complete record to the visitor. */
    static JournalFile open(Path file, RecordVisitor visitor) throws IOException {
        // A temp file is what a compaction that died before its rename leaves behind; the journal itself is intact.
        Files.deleteIfExists(tempFileFor(file));
        if (!Files.exists(file)) {
            writeSnapshot(file, new KeyInstantTable());
        }
        Replay replay = replay(file, visitor);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            if (replay.validEnd < size) {
                // A crash leaves at most one incomplete record; more than that means the file was damaged.
                LOG.warn("Journal {} has an incomplete or corrupt record at offset {} ({}); truncating the {} bytes"
                        + " after the last complete record", file, replay.validEnd, replay.problem,
                        size - replay.validEnd);
                channel.truncate(replay.validEnd);
                channel.force(true);
            }
            channel.position(replay.validEnd);
            return new JournalFile(file, channel, replay.records);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /** Number of records in the file, which compaction compares against the number of live keys. */
    long records() {
        return records;
    }

    /** Buffers one record; nothing is durable before {@link #commit()}. */
    void stage(byte type, long epochMillis, byte[] key) throws IOException {
        if (buffer.remaining() < FRAME_BYTES + key.length) {
            drain(openChannel(), buffer);
        }
        encode(buffer, crc, type, epochMillis, key);
        stagedRecords++;
    }

    /** Writes every staged record and forces it to disk; when this returns, the records survive a crash. */
    void commit() throws IOException {
        FileChannel open = openChannel();
        drain(open, buffer);
        open.force(false);
        committedEnd = open.position();
        records += stagedRecords;
        stagedRecords = 0;
    }

    /** Cuts the file back to the last commit so a failed append cannot leave a half record in front of later ones. */
    void rollback() throws IOException {
        buffer.clear();
        stagedRecords = 0;
        FileChannel open = openChannel();
        open.truncate(committedEnd);
        open.position(committedEnd);
        open.force(false);
    }

    /** Replaces the file with one record per live key, atomically, and continues appending to the new file. */
    void rewrite(KeyInstantTable live) throws IOException {
        writeSnapshot(file, live);
        // The old channel now points at the replaced inode; appending there would be lost, so it must not be used.
        FileChannel old = channel;
        channel = null;
        old.close();
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.position(channel.size());
        committedEnd = channel.position();
        records = live.size();
        buffer.clear();
        stagedRecords = 0;
    }

    /** False once a rewrite renamed the new file into place but could not reopen it. */
    boolean isOpen() {
        return channel != null;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private FileChannel openChannel() throws IOException {
        if (channel == null) {
            throw new IOException("Journal " + file + " is closed (a rewrite failed after its rename)");
        }
        return channel;
    }

    private static Replay replay(Path file, RecordVisitor visitor) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES)) {
            byte[] header = in.readNBytes(HEADER.length);
            if (!Arrays.equals(header, HEADER)) {
                // Never truncate what we did not write: a foreign file here is a configuration mistake.
                throw new IOException("File " + file + " is not a UIDL journal (unexpected header); move it away"
                        + " or point the state directory elsewhere");
            }
            CRC32 check = new CRC32();
            byte[] length = new byte[Integer.BYTES];
            long offset = HEADER.length;
            long records = 0;
            while (true) {
                int lengthRead = in.readNBytes(length, 0, length.length);
                if (lengthRead == 0) {
                    return new Replay(offset, records, null);
                }
                if (lengthRead < length.length) {
                    return new Replay(offset, records, "record length cut off");
                }
                int bodyLength = ByteBuffer.wrap(length).getInt();
                if (bodyLength < BODY_FIXED_BYTES || bodyLength > BODY_FIXED_BYTES + MAX_KEY_BYTES) {
                    return new Replay(offset, records, "implausible record length " + bodyLength);
                }
                byte[] rest = in.readNBytes(bodyLength + Integer.BYTES);
                if (rest.length < bodyLength + Integer.BYTES) {
                    return new Replay(offset, records, "record cut off");
                }
                check.reset();
                check.update(length);
                check.update(rest, 0, bodyLength);
                ByteBuffer record = ByteBuffer.wrap(rest);
                byte type = record.get();
                long epochMillis = record.getLong();
                byte[] key = new byte[bodyLength - BODY_FIXED_BYTES];
                record.get(key);
                if ((int) check.getValue() != record.getInt()) {
                    return new Replay(offset, records, "checksum mismatch");
                }
                if (type != CONFIRMED && type != REMOVED) {
                    return new Replay(offset, records, "unknown record type " + type);
                }
                visitor.record(type, epochMillis, key);
                offset += Integer.BYTES + rest.length;
                records++;
            }
        }
    }

    private static void writeSnapshot(Path file, KeyInstantTable live) throws IOException {
        DurableFiles.writeFile(file, tempFileFor(file), out -> {
            ByteBuffer snapshotBuffer = ByteBuffer.allocate(BUFFER_BYTES);
            CRC32 snapshotCrc = new CRC32();
            snapshotBuffer.put(HEADER);
            live.forEach((key, epochMillis) -> {
                if (snapshotBuffer.remaining() < FRAME_BYTES + key.length) {
                    drain(out, snapshotBuffer);
                }
                encode(snapshotBuffer, snapshotCrc, CONFIRMED, epochMillis, key);
            });
            drain(out, snapshotBuffer);
        });
    }

    private static void encode(ByteBuffer target, CRC32 checksum, byte type, long epochMillis, byte[] key) {
        int start = target.position();
        target.putInt(BODY_FIXED_BYTES + key.length).put(type).putLong(epochMillis).put(key);
        checksum.reset();
        checksum.update(target.array(), target.arrayOffset() + start, target.position() - start);
        target.putInt((int) checksum.getValue());
    }

    private static void drain(FileChannel target, ByteBuffer source) throws IOException {
        source.flip();
        while (source.hasRemaining()) {
            target.write(source);
        }
        source.clear();
    }

    private static Path tempFileFor(Path file) {
        return file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
    }

    private record Replay(long validEnd, long records, String problem) {}
}
