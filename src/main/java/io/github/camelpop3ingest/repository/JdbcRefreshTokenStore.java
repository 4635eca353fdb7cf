package io.github.camelpop3ingest.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RefreshTokenStore} in a PostgreSQL table that several instances share, one row per mailbox, so that the
 * instance that takes a mailbox over uses the refresh token the previous one rotated to. The table is created on
 * start if missing; it holds live refresh tokens, so only the job's database user should read it.
 */
public class JdbcRefreshTokenStore extends ServiceSupport implements RefreshTokenStore {

    /** The table, created on start if missing. */
    public static final String DEFAULT_TABLE_NAME = "ingest_refresh_tokens";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcRefreshTokenStore.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final JdbcDatabase database;
    private final String mailbox;
    private String tableName = DEFAULT_TABLE_NAME;
    private Clock clock = Clock.systemUTC();

    /**
     * @param database the shared database; several stores may share one
     * @param mailbox  the row's key, the same on every instance, e.g. the account {@code user@host:995}
     */
    public JdbcRefreshTokenStore(JdbcDatabase database, String mailbox) {
        this.database = Objects.requireNonNull(database, "database");
        this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
    }

    /** The table's name, a plain SQL identifier; {@value #DEFAULT_TABLE_NAME} unless set. */
    public void setTableName(String tableName) {
        this.tableName = tableName;
    }

    public void setClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<String> rotatedFrom(String configured) {
        try {
            return database.call("read the refresh token of " + mailbox + " (table " + tableName + ")", c -> {
                try (PreparedStatement select = c.prepareStatement("SELECT refresh_token FROM " + tableName
                        + " WHERE mailbox = ? AND configured_sha256 = ?")) {
                    select.setString(1, mailbox);
                    select.setString(2, RefreshTokenStore.fingerprint(configured));
                    try (ResultSet rs = select.executeQuery()) {
                        return rs.next() ? Optional.ofNullable(rs.getString(1)).filter(t -> !t.isEmpty())
                                : Optional.<String>empty();
                    }
                }
            });
        } catch (IllegalStateException e) {
            LOG.warn("Cannot read the stored refresh token: {}; using the one in memory", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public boolean store(String configured, String rotated) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        try {
            database.call("store the refresh token of " + mailbox + " (table " + tableName + ")", c -> {
                try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + tableName
                        + " (mailbox, configured_sha256, refresh_token, rotated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (mailbox) DO UPDATE SET configured_sha256 = EXCLUDED.configured_sha256,"
                        + " refresh_token = EXCLUDED.refresh_token, rotated_at = EXCLUDED.rotated_at")) {
                    upsert.setString(1, mailbox);
                    upsert.setString(2, RefreshTokenStore.fingerprint(configured));
                    upsert.setString(3, rotated);
                    upsert.setObject(4, now);
                    return upsert.executeUpdate();
                }
            });
            return true;
        } catch (IllegalStateException e) {
            LOG.warn("Cannot store the rotated refresh token: {}; it is kept in memory, and another instance that "
                    + "takes the mailbox over starts from the one stored before", e.getMessage());
            return false;
        }
    }

    @Override
    protected void doStart() throws Exception {
        if (tableName == null || !IDENTIFIER.matcher(tableName).matches()) {
            throw new IllegalArgumentException("Table name '" + tableName + "' is not a plain SQL identifier");
        }
        JdbcIdempotentRepository.createTable(database, "CREATE TABLE IF NOT EXISTS " + tableName
                + " (mailbox TEXT PRIMARY KEY, configured_sha256 CHAR(64) NOT NULL, refresh_token TEXT NOT NULL,"
                + " rotated_at TIMESTAMP WITH TIME ZONE NOT NULL)", tableName);
    }

    @Override
    protected void doStop() throws Exception {
        // Shared by the stores of all mailboxes; the next call of any of them opens it again.
        database.close();
    }

    @Override
    public String toString() {
        return "table " + tableName + " of database " + database.description() + " (mailbox " + mailbox + ")";
    }
}
