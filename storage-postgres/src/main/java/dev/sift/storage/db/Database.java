package dev.sift.storage.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    public Database(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, MIGRATIONS);
    }

    public Database(String jdbcUrl, String user, String password, String migrationLocations) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(2_000);
        config.setPoolName("sift");
        // Fail here, with the URL named, rather than at the first request.
        config.setInitializationFailTimeout(10_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        try {
            this.dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to PostgreSQL at " + jdbcUrl + " as " + user + ": "
                    + rootMessage(e), e);
        }
        try {
            MigrateResult result = Flyway.configure().dataSource(dataSource).locations(migrationLocations)
                    .load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("database schema migrated to version {} ({} migration(s))", result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("migrating the database at " + jdbcUrl + " failed: " + rootMessage(e), e);
        }
        this.jdbi = Jdbi.create(dataSource);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A quick round trip, for readiness checks: false on any failure, within about a second. */
    public boolean isReachable() {
        if (dataSource.isClosed()) {
            return false;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            return s.execute("select 1");
        } catch (SQLException | RuntimeException e) {
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
        return t.getMessage();
    }
}
