package io.github.camelpop3ingest.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FirstSeenStore} in a PostgreSQL table that several instances share, so that the first instance to store a
 * key wins for all of them; one table holds several registries, told apart by name. Entries never change once
 * stored, so each instance keeps those it has seen in memory.
 */
public class JdbcFirstSeenStore extends ServiceSupport implements FirstSeenStore {

    /** The table, created on start if missing. */
    public static final String DEFAULT_TABLE_NAME = "ingest_first_seen";
    /** The registry name of invoice duplicates. */
    public static final String INVOICES = "invoices";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcFirstSeenStore.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final Map<String, String> known = new ConcurrentHashMap<>();
    private JdbcDatabase database;
    private String registryName = INVOICES;
    private String tableName = DEFAULT_TABLE_NAME;
    private Clock clock = Clock.systemUTC();

    public JdbcFirstSeenStore() {
    }

    public JdbcFirstSeenStore(JdbcDatabase database, String registryName) {
        this.database = database;
        this.registryName = registryName;
    }

    public void setDatabase(JdbcDatabase database) {
        this.database = database;
    }

    /** Which of the registries in the table this is, e.g. {@code invoices}. */
    public void setRegistryName(String registryName) {
        this.registryName = registryName;
    }

    /** The table's name, a plain SQL identifier; {@value #DEFAULT_TABLE_NAME} unless set. */
    public void setTableName(String tableName) {
        this.tableName = tableName;
    }

    public void setClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String putIfAbsent(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (!isStarted()) {
            throw new IllegalStateException("JdbcFirstSeenStore " + registryName + " is not started");
        }
        String cached = known.get(key);
        if (cached != null) {
            return cached;
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        String stored = database.call("register a key in registry " + registryName + " (table " + tableName + ")",
                c -> {
                    // Whichever instance inserts first wins; every caller then reads the winner.
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + tableName
                            + " (registry, item_key, first_value, first_seen_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (registry, item_key) DO NOTHING")) {
                        insert.setString(1, registryName);
                        insert.setString(2, key);
                        insert.setString(3, value);
                        insert.setObject(4, now);
                        insert.executeUpdate();
                    }
                    try (PreparedStatement select = c.prepareStatement("SELECT first_value FROM " + tableName
                            + " WHERE registry = ? AND item_key = ?")) {
                        select.setString(1, registryName);
                        select.setString(2, key);
                        try (ResultSet rs = select.executeQuery()) {
                            if (!rs.next()) {
                                throw new SQLException("the row just inserted for a key is missing");
                            }
                            return rs.getString(1);
                        }
                    }
                });
        known.put(key, stored);
        return stored;
    }

    @Override
    protected void doStart() throws Exception {
        if (database == null) {
            throw new IllegalStateException("JdbcFirstSeenStore " + registryName + " needs a database");
        }
        if (tableName == null || !IDENTIFIER.matcher(tableName).matches()) {
            throw new IllegalArgumentException("Table name '" + tableName + "' is not a plain SQL identifier");
        }
        JdbcIdempotentRepository.createTable(database, "CREATE TABLE IF NOT EXISTS " + tableName
                + " (registry VARCHAR(64) NOT NULL, item_key TEXT NOT NULL, first_value TEXT NOT NULL,"
                + " first_seen_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (registry, item_key))", tableName);
        known.clear();
        LOG.info("Registry {} is in table {} of database {}", registryName, tableName, database.description());
    }

    @Override
    protected void doStop() throws Exception {
        known.clear();
        if (database != null) {
            database.close();
        }
    }
}
