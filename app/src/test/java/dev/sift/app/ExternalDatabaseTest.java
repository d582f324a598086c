package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.storage.db.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIFT_DATABASE_URL points Sift at a PostgreSQL server it does not own; nothing is started in SIFT_HOME. */
class ExternalDatabaseTest {
    @Test
    void siftUsesAnExternalServerGivenByUrlUserAndPassword(@TempDir Path serverHome, @TempDir Path siftHome)
            throws Exception {
        try (EmbeddedDatabase server = EmbeddedDatabase.start(serverHome)) { // stands in for a server elsewhere
            Map<String, String> env = new HashMap<>();
            env.put("SIFT_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres");
            env.put("SIFT_DATABASE_USER", "postgres");
            env.put("SIFT_DATABASE_PASSWORD", "");
            env.put("SIFT_ADMIN_TOKEN", TestSift.ADMIN_TOKEN);
            Settings s = Settings.fromEnvironment(env).withHome(siftHome).withBind("127.0.0.1").withPort(0);
            try (Sift running = Sift.start(s, Clock.systemUTC(), line -> {})) {
                TestSift sift = TestSift.attach(running, siftHome);
                String key = sift.integration("events");
                assertThat(sift.post("/v2/enqueue", null, EventsIngestTest.trigger(key, "ext-1", "External", "error"))
                        .statusCode()).isEqualTo(202);
                assertThat(sift.getJson("/api/v1/incidents?q=External").get("items")).hasSize(1);
            }
            assertThat(Files.exists(siftHome.resolve("postgres"))).isFalse();
        }
    }

    @Test
    void anUnreachableServerFailsTheStartNamingTheUrl(@TempDir Path siftHome) {
        Settings s = Settings.fromEnvironment(Map.of("SIFT_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/sift",
                "SIFT_DATABASE_PASSWORD", "secret-pw")).withHome(siftHome).withPort(0);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Sift.start(s, Clock.systemUTC(), line -> {}));
        assertThat(e.getMessage()).contains("jdbc:postgresql://127.0.0.1:1/sift").doesNotContain("secret-pw");
    }
}
