package dev.passage.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.passage.server.config.ConfigException;
import dev.passage.server.config.PassageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The connection pool, migrations and transactions, for SQLite (one file, WAL) or PostgreSQL.
 *
 * <p>One transaction per unit of work, whichever features it spans: a {@link #write} (or {@link #read})
 * called while this thread is already inside a write joins that transaction instead of opening its
 * own, so a session's end, its link's final status and the webhook outbox row commit together while
 * each feature keeps its SQL in its own repository and no handle crosses a package boundary.
 *
 * <p>SQLite allows one writer at a time. Writers wait for each other here, on a lock virtual threads
 * can park on, rather than inside the driver's native busy handler, which would pin the few carrier
 * threads and stall the very transaction they wait for.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);
    /** The handle of the write transaction this thread is in, if any. */
    private final ThreadLocal<Handle> current = new ThreadLocal<>();

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(PassageConfig.Database config) {
        Dialect dialect = config.isPostgres() ? Dialect.POSTGRESQL : Dialect.SQLITE;
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        hikari.setPoolName("passage-db");
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setConnectionTimeout(10_000);
        if (dialect == Dialect.SQLITE) {
            ensureParentDirectory(config.url());
            hikari.setDriverClassName("org.sqlite.JDBC");
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", config.sqliteSynchronous());
            hikari.addDataSourceProperty("foreign_keys", "true");
            hikari.addDataSourceProperty("busy_timeout", "10000");
        } else {
            hikari.setDriverClassName("org.postgresql.Driver");
            if (config.user() != null && !config.user().isBlank()) {
                hikari.setUsername(config.user());
            }
            if (config.password() != null && !config.password().isBlank()) {
                hikari.setPassword(config.password());
            }
        }
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new ConfigException("The database at database.url could not be opened: " + rootMessage(e) + ".");
        }
        try {
            migrate(ds);
        } catch (FlywayException e) {
            ds.close();
            throw new ConfigException("The database schema could not be migrated: " + rootMessage(e) + ".");
        }
        return new Database(ds, dialect);
    }

    private static void migrate(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/{vendor}")
                .failOnMissingLocations(false)
                .load()
                .migrate();
    }

    private static void ensureParentDirectory(String url) {
        String path = url.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new ConfigException("The directory " + parent + " for the SQLite database could not be created: "
                    + e.getMessage() + ".");
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs a read: inside this thread's write transaction when there is one (it sees its changes), else on its own. */
    public <R> R read(HandleCallback<R, RuntimeException> callback) {
        Handle joined = current.get();
        return joined != null ? callback.withHandle(joined) : jdbi.withHandle(callback);
    }

    /**
     * Runs {@code callback} in one read-write transaction, committed when the outermost write of this
     * thread returns; a write inside another joins it (and its failure rolls back the whole).
     */
    public <R> R write(HandleCallback<R, RuntimeException> callback) {
        Handle joined = current.get();
        if (joined != null) {
            return callback.withHandle(joined);
        }
        if (dialect == Dialect.SQLITE) {
            sqliteWriter.lock();
            try {
                return jdbi.inTransaction(h -> inScope(h, callback));
            } finally {
                sqliteWriter.unlock();
            }
        }
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> inScope(h, callback));
    }

    private <R> R inScope(Handle h, HandleCallback<R, RuntimeException> callback) {
        current.set(h);
        try {
            return callback.withHandle(h);
        } finally {
            current.remove();
        }
    }

    /** Runs {@code action} once this thread's write transaction commits (never if it rolls back); at once outside one. */
    public void afterCommit(Runnable action) {
        Handle joined = current.get();
        if (joined == null) {
            action.run();
        } else {
            joined.afterCommit(action);
        }
    }

    /** Whether this thread is inside a write transaction. */
    public boolean inTransaction() {
        return current.get() != null;
    }

    /** The underlying pool, for tools that need plain JDBC (benchmarks, diagnostics). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Whether the database answers a trivial query. */
    public boolean isHealthy() {
        try {
            return read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.strip();
    }
}
