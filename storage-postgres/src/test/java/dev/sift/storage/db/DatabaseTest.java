package dev.sift.storage.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool, migrations and the readiness probe, against a real (embedded) PostgreSQL. */
class DatabaseTest {
    private static final String TEST_MIGRATIONS = "classpath:dev/sift/storage/db/testmigration";

    @Test
    void migratesAndIsReachableUntilTheServerStops(@TempDir Path home) throws Exception {
        try (EmbeddedDatabase server = EmbeddedDatabase.start(home)) {
            try (Database db = new Database(server.jdbcUrl(), "postgres", "", TEST_MIGRATIONS)) {
                db.jdbi().useHandle(h -> h.execute("insert into probe (note) values ('first')"));
                assertThat(db.isReachable()).isTrue();
            }
            // A second start finds the schema current and the data in place.
            try (Database db = new Database(server.jdbcUrl(), "postgres", "", TEST_MIGRATIONS)) {
                List<String> versions = db.jdbi().withHandle(h -> h.createQuery(
                        "select version from flyway_schema_history where success").mapTo(String.class).list());
                assertThat(versions).containsExactly("1");
                List<String> notes = db.jdbi().withHandle(h -> h.createQuery("select note from probe")
                        .mapTo(String.class).list());
                assertThat(notes).containsExactly("first");
                try (var c = db.dataSource().getConnection()) {
                    assertThat(c.getAutoCommit()).isTrue();
                }

                server.close();
                long started = System.nanoTime();
                assertThat(db.isReachable()).isFalse();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                        .as("a readiness probe answers within about a second").isLessThan(2_500);
                started = System.nanoTime();
                assertThat(db.isReachable()).isFalse();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_500);
            }
        }
    }

    @Test
    void aMissingMigrationLocationFails(@TempDir Path home) {
        try (EmbeddedDatabase server = EmbeddedDatabase.start(home)) {
            assertThatThrownBy(() -> new Database(server.jdbcUrl(), "postgres", "", "classpath:no/such/folder"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("migrating the database at " + server.jdbcUrl());
        }
    }

    @Test
    void anUnreachableServerIsNamedButThePasswordIsNot() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/sift?password=s3cret&ApplicationName=sift";
        assertThatThrownBy(() -> new Database(url, "sift", "s3cret", TEST_MIGRATIONS, Duration.ofMillis(300)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + port + "/sift?password=***")
                .hasMessageContaining("refused")
                .hasMessageNotContaining("s3cret")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
                    }
                });
    }

    @Test
    void redactsPasswordsInUrls() {
        assertThat(Database.redact("jdbc:postgresql://h/db?user=u&password=p&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(Database.redact("jdbc:postgresql://h/db?PASSWORD=p")).isEqualTo("jdbc:postgresql://h/db?PASSWORD=***");
        assertThat(Database.redact("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
    }
}
