package io.github.camelpop3ingest.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import io.github.camelpop3ingest.durable.DurableFiles;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotent repository that keeps confirmed keys in a crash-safe journal file, so a confirmed POP3 message is never
 * processed twice and an unconfirmed one is always fetched again.
 *
 * <p>{@link #add} only reserves a key in memory; {@link #confirm} makes it durable (fsync) before returning;
 * {@link #remove} forgets a pending key or durably removes a confirmed one.
 */
@ManagedResource(description = "Crash-safe journal of processed POP3 message keys")
public class JournalIdempotentRepository extends ServiceSupport implements IdempotentRepository, ProcessedTimestamps,
        BatchConfirm {

    /** The name of a repository of processed UIDL keys, the default: its files are uidl.journal and uidl.lock. */
    public static final String UIDL = "uidl";

    /** Name of the journal file inside the state directory of a {@link #UIDL} repository. */
    public static final String JOURNAL_FILE_NAME = UIDL + ".journal";

    /** Name of the lock file that keeps two processes from appending to the same journal. */
    public static final String LOCK_FILE_NAME = UIDL + ".lock";

    /** Below this many records a journal is cheap to replay, so it is never compacted. */
    static final long COMPACT_MIN_RECORDS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(JournalIdempotentRepository.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> pending = new HashSet<>();
    private final KeyInstantTable confirmed = new KeyInstantTable();
    private Path stateDir;
    private String name = UIDL;
    private String stateDirSetting = "stateDir";
    private Clock clock = Clock.systemUTC();
    private JournalFile journal;
    private FileChannel lockChannel;
    private boolean compactionFailed;
    private boolean broken;

    /** Creates a repository whose state directory is set later, for declaration as a bean. */
    public JournalIdempotentRepository() {
    }

    /** Creates a repository that keeps its journal in {@code stateDir}, created on start if missing. */
    public JournalIdempotentRepository(Path stateDir) {
        this.stateDir = stateDir;
    }

    /**
     * Creates a repository whose files in {@code stateDir} are {@code <name>.journal} and {@code <name>.lock}, for keys
     * that are not UIDLs (held messages, invoice numbers). A journal that an older version wrote as
     * {@code uidl.journal} in the same directory is renamed on start.
     */
    public JournalIdempotentRepository(Path stateDir, String name) {
        this.stateDir = stateDir;
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The journal file; null before the state directory is set. */
    public Path getJournalFile() {
        return stateDir == null ? null : stateDir.resolve(name + ".journal");
    }

    /**
     * How a configuration error names the setting of the state directory, e.g. {@code ingest.state.dir /
     * INGEST_STATE_DIR} where a job sets it; {@code stateDir} (the bean property) unless set.
     */
    public void setStateDirSetting(String stateDirSetting) {
        this.stateDirSetting = Objects.requireNonNull(stateDirSetting, "stateDirSetting");
    }

    public Path getStateDir() {
        return stateDir;
    }

    /** Directory holding the journal; created on start if missing, and must be writable. */
    public void setStateDir(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** Same as {@link #setStateDir(Path)}, for bean declarations in YAML or properties. */
    public void setStateDir(String stateDir) {
        this.stateDir = Path.of(stateDir);
    }

    /** Clock that stamps confirmations; the system UTC clock unless a test needs another. */
    public void setClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Visits every confirmed key, in no particular order, under the repository's lock; lets a registry that keeps
     * more than a flag per key (the invoice duplicates) rebuild its index at start.
     */
    public void forEachConfirmed(java.util.function.Consumer<String> visitor) {
        lock.lock();
        try {
            confirmed.forEach((key, instant) -> visitor.accept(new String(key, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    @ManagedAttribute(description = "Number of confirmed keys")
    public int getSize() {
        lock.lock();
        try {
            return confirmed.size();
        } finally {
            lock.unlock();
        }
    }

    @ManagedAttribute(description = "Number of keys added but not yet confirmed or removed")
    public int getPendingSize() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    @ManagedAttribute(description = "Number of records in the journal file, including removed and superseded ones")
    public long getJournalRecords() {
        lock.lock();
        try {
            return journal == null ? 0 : journal.records();
        } finally {
            lock.unlock();
        }
    }

    @ManagedAttribute(description = "The journal file")
    public String getStateFile() {
        return stateDir == null ? null : getJournalFile().toString();
    }

    @Override
    public boolean add(String key) {
        byte[] utf8 = encode(key);
        lock.lock();
        try {
            requireStarted();
            if (pending.contains(key) || confirmed.get(utf8) != KeyInstantTable.ABSENT) {
                return false;
            }
            // Deliberately not journalled: after a crash before confirm the message must be fetched again.
            pending.add(key);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean contains(String key) {
        byte[] utf8 = encode(key);
        lock.lock();
        try {
            requireStarted();
            return pending.contains(key) || confirmed.get(utf8) != KeyInstantTable.ABSENT;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean confirm(String key) {
        byte[] utf8 = encode(key);
        lock.lock();
        try {
            requireWritable();
            if (confirmed.get(utf8) == KeyInstantTable.ABSENT) {
                long now = clock.millis();
                append(List.of(utf8), JournalFile.CONFIRMED, now);
                confirmed.putEarliest(utf8, now);
                compactIfWorthwhile();
            }
            pending.remove(key);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Confirms many keys with one fsync instead of one per key; same semantics as calling {@link #confirm} for each.
     * The consumer confirms a poll's messages this way at its commit points.
     */
    @Override
    public void confirmAll(Collection<String> keys) {
        List<byte[]> encoded = new ArrayList<>(keys.size());
        for (String key : keys) {
            encoded.add(encode(key));
        }
        lock.lock();
        try {
            requireWritable();
            List<byte[]> fresh = new ArrayList<>(encoded.size());
            for (byte[] utf8 : encoded) {
                if (confirmed.get(utf8) == KeyInstantTable.ABSENT) {
                    fresh.add(utf8);
                }
            }
            long now = clock.millis();
            append(fresh, JournalFile.CONFIRMED, now);
            for (byte[] utf8 : fresh) {
                confirmed.putEarliest(utf8, now);
            }
            for (String key : keys) {
                pending.remove(key);
            }
            compactIfWorthwhile();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean remove(String key) {
        byte[] utf8 = encode(key);
        lock.lock();
        try {
            requireStarted();
            boolean wasPending = pending.remove(key);
            if (confirmed.get(utf8) == KeyInstantTable.ABSENT) {
                return wasPending;
            }
            requireWritable();
            append(List.of(utf8), JournalFile.REMOVED, clock.millis());
            confirmed.remove(utf8);
            compactIfWorthwhile();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    @ManagedOperation(description = "Forget all keys, durably")
    public void clear() {
        lock.lock();
        try {
            requireWritable();
            rewriteOrBreak(new KeyInstantTable());
            confirmed.clear();
            pending.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Instant> processedAt(String key) {
        byte[] utf8 = encode(key);
        lock.lock();
        try {
            requireStarted();
            long epochMillis = confirmed.get(utf8);
            return epochMillis == KeyInstantTable.ABSENT ? Optional.empty() : Optional.of(Instant.ofEpochMilli(epochMillis));
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void doStart() throws Exception {
        lock.lock();
        try {
            prepareStateDir();
            lockStateDir();
            Path file = getJournalFile();
            adoptLegacyJournal(file);
            confirmed.clear();
            pending.clear();
            try {
                journal = JournalFile.open(file, (type, epochMillis, utf8) -> {
                    if (type == JournalFile.CONFIRMED) {
                        confirmed.putEarliest(utf8, epochMillis);
                    } else {
                        confirmed.remove(utf8);
                    }
                });
            } catch (IOException | RuntimeException e) {
                confirmed.clear();
                releaseStateDirLock();
                throw e;
            }
            broken = false;
            compactionFailed = false;
            LOG.info("Loaded {} processed keys from {} ({} journal records)", confirmed.size(), file,
                    journal.records());
            compactIfWorthwhile();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void doStop() throws Exception {
        lock.lock();
        try {
            if (journal != null) {
                journal.close();
                journal = null;
            }
            // Stopped repositories should not pin a million keys on the heap.
            confirmed.clear();
            pending.clear();
            releaseStateDirLock();
        } finally {
            lock.unlock();
        }
    }

    private String settingHint() {
        return "(set " + stateDirSetting + ")";
    }

    /**
     * Versions before 0.1 named every journal uidl.journal, also those of held keys and invoice numbers; such a
     * journal, alone in its directory under the old name, is this repository's, and is renamed in place.
     */
    private void adoptLegacyJournal(Path file) throws IOException {
        Path legacy = stateDir.resolve(JOURNAL_FILE_NAME);
        if (UIDL.equals(name) || Files.exists(file) || !Files.isRegularFile(legacy)) {
            return;
        }
        Files.move(legacy, file, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.forceDirectory(stateDir);
        Files.deleteIfExists(stateDir.resolve(LOCK_FILE_NAME));
        LOG.info("Renamed the journal {} to {}", legacy, file.getFileName());
    }

    private void prepareStateDir() {
        if (stateDir == null) {
            throw new IllegalStateException("State directory is not set " + settingHint());
        }
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new IllegalStateException("State directory " + stateDir + " cannot be created " + settingHint()
                    + ": " + e, e);
        }
        if (!Files.isDirectory(stateDir) || !Files.isWritable(stateDir)) {
            throw new IllegalStateException("State directory " + stateDir + " is not writable " + settingHint());
        }
    }

    private void lockStateDir() {
        Path lockFile = stateDir.resolve(name + ".lock");
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = lockChannel.tryLock();
            if (fileLock == null) {
                throw new IllegalStateException("State directory " + stateDir + " is in use by another process"
                        + " (it holds " + lockFile + "); give each job its own state directory " + settingHint());
            }
        } catch (OverlappingFileLockException e) {
            releaseStateDirLock();
            throw new IllegalStateException("State directory " + stateDir + " is already used by another"
                    + " repository in this JVM; give each one its own state directory " + settingHint(), e);
        } catch (IOException e) {
            releaseStateDirLock();
            throw new IllegalStateException("State directory " + stateDir + " is not writable " + settingHint()
                    + ": " + e, e);
        } catch (IllegalStateException e) {
            releaseStateDirLock();
            throw e;
        }
    }

    private void releaseStateDirLock() {
        if (lockChannel == null) {
            return;
        }
        try {
            // Closing the channel releases the lock; the file stays so that no other process races to recreate it.
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("Ignoring failure to close lock file in {}; the OS releases the lock when the process exits",
                    stateDir, e);
        }
        lockChannel = null;
    }

    private void append(List<byte[]> keys, byte type, long epochMillis) {
        try {
            for (byte[] utf8 : keys) {
                journal.stage(type, epochMillis, utf8);
            }
            journal.commit();
        } catch (IOException e) {
            try {
                journal.rollback();
            } catch (IOException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
                // A half-written record would hide every later one from the next load, so stop writing altogether.
                broken = true;
            }
            throw new UncheckedIOException("Cannot append to journal " + journal.file(), e);
        }
    }

    private void compactIfWorthwhile() {
        long records = journal.records();
        if (compactionFailed || records < COMPACT_MIN_RECORDS || records <= 2L * confirmed.size()) {
            return;
        }
        try {
            journal.rewrite(confirmed);
            LOG.debug("Compacted {} from {} records to {}", journal.file(), records, confirmed.size());
        } catch (IOException e) {
            compactionFailed = true;
            if (journal.isOpen()) {
                LOG.warn("Compaction of {} failed; the uncompacted journal is still complete and stays in use,"
                        + " without further compaction until restart", journal.file(), e);
            } else {
                broken = true;
                LOG.error("Journal {} was compacted but could not be reopened; refusing writes until restart",
                        journal.file(), e);
            }
        }
    }

    private void rewriteOrBreak(KeyInstantTable live) {
        try {
            journal.rewrite(live);
        } catch (IOException e) {
            broken = !journal.isOpen();
            throw new UncheckedIOException("Cannot rewrite journal " + journal.file(), e);
        }
    }

    private void requireStarted() {
        if (journal == null) {
            throw new IllegalStateException("JournalIdempotentRepository for " + stateDir + " is not started");
        }
    }

    private void requireWritable() {
        requireStarted();
        if (broken) {
            throw new IllegalStateException("Journal " + journal.file() + " failed earlier and may end in a partial"
                    + " record; restart to reload it");
        }
    }

    private static byte[] encode(String key) {
        byte[] utf8 = Objects.requireNonNull(key, "key").getBytes(StandardCharsets.UTF_8);
        if (utf8.length > JournalFile.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("Key is " + utf8.length + " UTF-8 bytes; at most "
                    + JournalFile.MAX_KEY_BYTES + " are supported");
        }
        return utf8;
    }
}
