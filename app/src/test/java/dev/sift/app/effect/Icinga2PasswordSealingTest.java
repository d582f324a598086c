package dev.sift.app.effect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.integration.Icinga2Connection;
import dev.sift.storage.PostgresIntegrations;
import dev.sift.storage.db.Database;
import dev.sift.storage.db.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Icinga2 password is stored sealed, and one stored in plain text by an older Sift is still read and sealed. */
class Icinga2PasswordSealingTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void aPlainPasswordOfAnOlderSiftIsReadThenSealedAndNewOnesAreSealedAtOnce(@TempDir Path home) {
        try (EmbeddedDatabase server = EmbeddedDatabase.start(home.resolve("db"));
             Database db = new Database(server.jdbcUrl(), "postgres", "")) {
            var old = new PostgresIntegrations(db.jdbi()); // as before sealing existed
            long legacy = old.createIcinga2("legacy", "hash-1", "admin",
                    new Icinga2Connection("https://icinga.example.org:5665", "sift", "old-secret", null, true)).id();
            assertThat(stored(db, legacy)).isEqualTo("old-secret");

            var box = SecretBox.open(KEY, home);
            var sealing = new PostgresIntegrations(db.jdbi(), box);
            assertThat(sealing.icinga2Connection(legacy).orElseThrow().password()).isEqualTo("old-secret");

            assertThat(sealing.sealPlainSecrets()).isEqualTo(1);
            assertThat(stored(db, legacy)).startsWith("v1:").doesNotContain("old-secret");
            assertThat(sealing.icinga2Connection(legacy).orElseThrow().password()).isEqualTo("old-secret");
            assertThat(sealing.sealPlainSecrets()).as("sealed once only").isZero();

            long fresh = sealing.createIcinga2("fresh", "hash-2", "admin",
                    new Icinga2Connection("https://icinga.example.org:5665", "sift", "new-secret", null, true,
                            false)).id();
            assertThat(stored(db, fresh)).startsWith("v1:").doesNotContain("new-secret");
            Icinga2Connection read = sealing.icinga2Connection(fresh).orElseThrow();
            assertThat(read.password()).isEqualTo("new-secret");
            assertThat(read.mirrorComments()).isFalse();
            assertThat(sealing.icinga2Connection(legacy).orElseThrow().mirrorComments())
                    .as("rows from before the option mirror comments").isTrue();
        }
    }

    private static String stored(Database db, long id) {
        return db.jdbi().withHandle(h -> h.createQuery("select connection_secret from integrations where id = :id")
                .bind("id", id).mapTo(String.class).one());
    }
}
