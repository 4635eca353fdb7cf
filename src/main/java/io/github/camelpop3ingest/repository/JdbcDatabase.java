package io.github.camelpop3ingest.repository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database connection shared by the calls of a repository, opened on first use and opened again after it failed,
 * so that a database that was down is used again as soon as it is back, without a pool library.
 * <p>
 * Failures surface as {@link IllegalStateException}s that name the database (its URL without query parameters, and
 * the user), never its password.
 */
public final class JdbcDatabase {

    /** Seconds to wait for a TCP connect and login before the call fails. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** Seconds to wait for any one answer of the database, so that a hung server fails a poll instead of hanging it. */
    public static final int SOCKET_TIMEOUT_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabase.class);

    private final DataSource dataSource;
    private final String description;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    private boolean failed;

    /** Work done on the connection; it may run twice when the first connection turns out to be broken. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * @param dataSource  where connections come from
     * @param description how messages name the database, e.g. {@code jdbc:postgresql://db:5432/ingest as ingest}; no
     *                    secret
     */
    public JdbcDatabase(DataSource dataSource, String description) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * A PostgreSQL database at a {@code jdbc:postgresql://host:port/database} URL.
     *
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL
     */
    public static JdbcDatabase postgres(String url, String user, String password) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("'" + redact(url) + "' is not a PostgreSQL JDBC URL"
                    + " (jdbc:postgresql://host:5432/database)");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setURL(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + redact(url) + "' is not a valid PostgreSQL JDBC URL");
        }
        if (user != null && !user.isEmpty()) {
            ds.setUser(user);
        }
        if (password != null && !password.isEmpty()) {
            ds.setPassword(password);
        }
        ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        ds.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
        ds.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
        ds.setApplicationName("camel-pop3-ingest");
        String as = user == null || user.isEmpty() ? "" : " as " + user;
        return new JdbcDatabase(ds, redact(url) + as);
    }

    /** The URL without its query string, which may carry a password. */
    static String redact(String url) {
        if (url == null) {
            return "";
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** How messages name this database; never holds the password. */
    public String description() {
        return description;
    }

    /**
     * Runs {@code work} on the shared connection, in auto-commit mode unless the work changes it (and restores it).
     * When the connection turns out to be broken, it is replaced and the work runs once more on the new one; the work
     * must therefore be idempotent.
     *
     * @param what what the work does, for the message of a failure, e.g. {@code "check key ... in uidl"}
     * @throws IllegalStateException naming the database when it cannot be reached or the work fails
     */
    public <T> T call(String what, Work<T> work) {
        lock.lock();
        try {
            boolean reused = connection != null;
            try {
                return work.run(connection());
            } catch (SQLException first) {
                discard();
                if (!reused) {
                    throw failure(what, first);
                }
                // A connection that served earlier calls may have died with the server in between; try a fresh one.
                try {
                    return work.run(connection());
                } catch (SQLException second) {
                    discard();
                    second.addSuppressed(first);
                    throw failure(what, second);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connection; the next call opens a new one. */
    public void close() {
        lock.lock();
        try {
            discard();
        } finally {
            lock.unlock();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            if (failed) {
                LOG.info("Database {} is reachable again", description);
                failed = false;
            }
        }
        return connection;
    }

    private void discard() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Ignoring the failure to close a broken connection to {}: it is replaced anyway", description, e);
        }
        connection = null;
    }

    private IllegalStateException failure(String what, SQLException e) {
        failed = true;
        return new IllegalStateException("Database " + description + " failed to " + what + ": "
                + oneLine(e.getMessage()) + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")"), e);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").trim();
    }
}
