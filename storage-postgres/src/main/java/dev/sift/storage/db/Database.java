package dev.sift.storage.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection pool to PostgreSQL with the schema migrated to the newest version: migrations run at every start
 * (Flyway; an up-to-date schema costs one check), so upgrading Sift upgrades its database.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    public static final String MIGRATIONS = "classpath:db/migration";
    /** How long the constructor keeps trying to connect: covers a server that is just (re)starting. */
    static final Duration CONNECT_WAIT = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    /** Readiness probes run here, so that a caller never waits longer than PROBE_TIMEOUT for an answer. */
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();

    public Database(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, MIGRATIONS);
    }

    /** {@code migrationLocations}: Flyway locations, comma-separated (tests use their own). */
    public Database(String jdbcUrl, String user, String password, String migrationLocations) {
        this(jdbcUrl, user, password, migrationLocations, CONNECT_WAIT);
    }

    Database(String jdbcUrl, String user, String password, String migrationLocations, Duration connectWait) {
        String where = redact(jdbcUrl) + " as " + user;
        try {
            this.dataSource = new HikariDataSource(poolConfig(jdbcUrl, user, password, connectWait));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to PostgreSQL at " + where + ": " + rootMessage(e), e);
        }
        try {
            MigrateResult result = Flyway.configure().dataSource(dataSource)
                    .locations(migrationLocations.strip().split("\\s*,\\s*"))
                    // A location that went missing from the build, or a misnamed file, must not pass silently.
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("database schema migrated to version {} ({} migration(s))", result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("migrating the database at " + where + " failed: " + rootMessage(e), e);
        }
        this.jdbi = Jdbi.create(dataSource);
    }

    private static HikariConfig poolConfig(String jdbcUrl, String user, String password, Duration connectWait) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sift");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        config.setAutoCommit(true);
        // A request waits this long for a connection, then fails; while the database is down, every new
        // connection attempt fails at once but the pool keeps trying until this timeout, so it bounds how long
        // a request can hang before it is answered 503.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(2_000);
        // Fail here, naming the URL, rather than at the first request.
        config.setInitializationFailTimeout(Math.max(1, connectWait.toMillis()));
        // Without these, a server that vanishes without closing its connections (network cut, host gone) makes
        // connects and queries hang for as long as TCP keeps trying.
        config.addDataSourceProperty("connectTimeout", "10");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return config;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * A {@code SELECT 1} through the pool, for readiness checks: false on any failure, and false after about a second
     * at the latest (waiting for a pooled connection could otherwise take the whole connection timeout).
     */
    public boolean isReachable() {
        if (dataSource.isClosed()) {
            return false;
        }
        Future<Boolean> probe;
        try {
            probe = probes.submit(this::selectOne);
        } catch (RuntimeException e) { // closed meanwhile
            return false;
        }
        try {
            return probe.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            probe.cancel(true);
            return false;
        } catch (InterruptedException e) {
            probe.cancel(true);
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean selectOne() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) PROBE_TIMEOUT.toSeconds());
            return s.execute("select 1");
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
        dataSource.close();
    }

    /** The URL without the value of a password parameter, fit for messages and logs. */
    static String redact(String jdbcUrl) {
        return jdbcUrl == null ? null : jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** The driver's message if there is one (it names host and port), else the innermost cause's. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String sqlMessage = null;
        while (true) {
            if (t instanceof SQLException && t.getMessage() != null) {
                sqlMessage = t.getMessage();
            }
            if (t.getCause() == null || t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return redact(sqlMessage != null ? sqlMessage : String.valueOf(t.getMessage()));
    }
}
