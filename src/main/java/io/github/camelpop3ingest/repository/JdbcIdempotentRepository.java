package io.github.camelpop3ingest.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotent repository whose confirmed keys live in a PostgreSQL table that several instances share, so that the
 * instance taking over a mailbox skips what another one processed; one table holds several repositories (processed
 * keys, holds), told apart by {@link #setRepositoryName name}.
 * <p>
 * {@link #add} only reserves a key in memory (one consumer per mailbox is active at a time); {@link #confirm} and
 * {@link #confirmAll} store keys with the time of their first confirmation, in one transaction; {@link #remove}
 * forgets a pending key or deletes a confirmed one. When the database cannot be reached every call throws an
 * {@link IllegalStateException} naming it, so that no message is processed without its key being stored.
 */
@ManagedResource(description = "Processed POP3 message keys in a shared database table")
public class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository, ProcessedTimestamps,
        BatchConfirm {

    /** The table, created on start if missing. */
    public static final String DEFAULT_TABLE_NAME = "ingest_keys";
    /** The repository name of processed UIDL keys. */
    public static final String UIDL = "uidl";
    /** The repository name of held (quarantined) keys. */
    public static final String HOLD = "hold";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcIdempotentRepository.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final Set<String> pending = new HashSet<>();
    private JdbcDatabase database;
    private String repositoryName = UIDL;
    private String tableName = DEFAULT_TABLE_NAME;
    private Clock clock = Clock.systemUTC();

    /** Creates a repository whose database is set later, for declaration as a bean. */
    public JdbcIdempotentRepository() {
    }

    public JdbcIdempotentRepository(JdbcDatabase database, String repositoryName) {
        this.database = database;
        this.repositoryName = repositoryName;
    }

    /** The database that holds the table. */
    public void setDatabase(JdbcDatabase database) {
        this.database = database;
    }

    public JdbcDatabase getDatabase() {
        return database;
    }

    /** Which of the repositories in the table this is, e.g. {@code uidl} or {@code hold}. */
    public void setRepositoryName(String repositoryName) {
        this.repositoryName = repositoryName;
    }

    @ManagedAttribute(description = "The repository's name in the table")
    public String getRepositoryName() {
        return repositoryName;
    }

    /** The table's name, a plain SQL identifier; {@value #DEFAULT_TABLE_NAME} unless set. */
    public void setTableName(String tableName) {
        this.tableName = tableName;
    }

    @ManagedAttribute(description = "The table")
    public String getTableName() {
        return tableName;
    }

    /** Clock that stamps confirmations; the system UTC clock unless a test needs another. */
    public void setClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @ManagedAttribute(description = "Number of keys added but not yet confirmed or removed")
    public synchronized int getPendingSize() {
        return pending.size();
    }

    @Override
    public boolean add(String key) {
        Objects.requireNonNull(key, "key");
        synchronized (this) {
            requireStarted();
            if (pending.contains(key)) {
                return false;
            }
        }
        if (stored(key)) {
            return false;
        }
        synchronized (this) {
            // Deliberately not stored: after a crash before confirm the message must be fetched again.
            return pending.add(key);
        }
    }

    @Override
    public boolean contains(String key) {
        Objects.requireNonNull(key, "key");
        synchronized (this) {
            requireStarted();
            if (pending.contains(key)) {
                return true;
            }
        }
        return stored(key);
    }

    @Override
    public boolean confirm(String key) {
        confirmAll(List.of(key));
        return true;
    }

    /** Stores every key with one transaction; a key stored before keeps its first confirmation time. */
    @Override
    public void confirmAll(Collection<String> keys) {
        requireStarted();
        if (keys.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        database.call("confirm " + keys.size() + " keys in " + where(), c -> inTransaction(c, () -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + tableName
                    + " (repository, message_key, confirmed_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (repository, message_key) DO NOTHING")) {
                for (String key : keys) {
                    insert.setString(1, repositoryName);
                    insert.setString(2, key);
                    insert.setObject(3, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }));
        synchronized (this) {
            pending.removeAll(keys);
        }
    }

    @Override
    public boolean remove(String key) {
        Objects.requireNonNull(key, "key");
        boolean wasPending;
        synchronized (this) {
            requireStarted();
            wasPending = pending.remove(key);
        }
        int deleted = database.call("remove a key from " + where(), c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + tableName
                    + " WHERE repository = ? AND message_key = ?")) {
                delete.setString(1, repositoryName);
                delete.setString(2, key);
                return delete.executeUpdate();
            }
        });
        return wasPending || deleted > 0;
    }

    @Override
    @ManagedOperation(description = "Forget all keys of this repository")
    public void clear() {
        requireStarted();
        database.call("clear " + where(), c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + tableName + " WHERE repository = ?")) {
                delete.setString(1, repositoryName);
                return delete.executeUpdate();
            }
        });
        synchronized (this) {
            pending.clear();
        }
    }

    @Override
    public Optional<Instant> processedAt(String key) {
        Objects.requireNonNull(key, "key");
        requireStarted();
        return database.call("read a key's confirmation time in " + where(), c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT confirmed_at FROM " + tableName
                    + " WHERE repository = ? AND message_key = ?")) {
                select.setString(1, repositoryName);
                select.setString(2, key);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant())
                            : Optional.<Instant>empty();
                }
            }
        });
    }

    @ManagedAttribute(description = "Number of confirmed keys")
    public long getSize() {
        requireStarted();
        return database.call("count the keys of " + where(), c -> {
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM " + tableName
                    + " WHERE repository = ?")) {
                count.setString(1, repositoryName);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    protected void doStart() throws Exception {
        if (database == null) {
            throw new IllegalStateException("JdbcIdempotentRepository " + repositoryName + " needs a database");
        }
        if (tableName == null || !IDENTIFIER.matcher(tableName).matches()) {
            throw new IllegalArgumentException("Table name '" + tableName + "' is not a plain SQL identifier");
        }
        if (repositoryName == null || repositoryName.isBlank()) {
            throw new IllegalArgumentException("JdbcIdempotentRepository needs a repository name, e.g. uidl or hold");
        }
        createTable(database, "CREATE TABLE IF NOT EXISTS " + tableName + " (repository VARCHAR(64) NOT NULL,"
                + " message_key TEXT NOT NULL, confirmed_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " PRIMARY KEY (repository, message_key))", tableName);
        synchronized (this) {
            pending.clear();
        }
        LOG.info("Keys of repository {} are in table {} of database {}", repositoryName, tableName,
                database.description());
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            pending.clear();
        }
        if (database != null) {
            database.close();
        }
    }

    /**
     * Creates a table unless it exists. Two instances starting together may race on it; PostgreSQL then refuses
     * one of the two creates, which is fine once the table is there.
     */
    static void createTable(JdbcDatabase database, String ddl, String tableName) {
        try {
            database.call("create table " + tableName, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(ddl);
                }
                return null;
            });
        } catch (IllegalStateException raced) {
            if (!(raced.getCause() instanceof SQLException e) || !isCreateRace(e)) {
                throw raced;
            }
            LOG.debug("Another instance created table {} at the same time", tableName);
            database.call("create table " + tableName, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(ddl);
                }
                return null;
            });
        }
    }

    private static boolean isCreateRace(SQLException e) {
        // 23505: unique violation on the catalog (pg_type); 42P07: duplicate table.
        return "23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState());
    }

    /** Runs {@code body} as one transaction on {@code c}, which stays in auto-commit mode afterwards. */
    static Void inTransaction(Connection c, SqlBody body) throws SQLException {
        c.setAutoCommit(false);
        try {
            body.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
        c.setAutoCommit(true);
        return null;
    }

    /** Statements of a transaction. */
    @FunctionalInterface
    interface SqlBody {
        void run() throws SQLException;
    }

    private boolean stored(String key) {
        return database.call("check a key in " + where(), c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM " + tableName
                    + " WHERE repository = ? AND message_key = ?")) {
                select.setString(1, repositoryName);
                select.setString(2, key);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private String where() {
        return "repository " + repositoryName + " (table " + tableName + ")";
    }

    private void requireStarted() {
        if (!isStarted() && !isStarting()) {
            throw new IllegalStateException("JdbcIdempotentRepository " + repositoryName + " is not started");
        }
    }
}
