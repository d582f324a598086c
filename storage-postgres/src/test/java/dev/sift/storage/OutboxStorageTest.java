package dev.sift.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Fingerprint;
import dev.sift.core.alert.Source;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.engine.Changes;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Engine;
import dev.sift.core.incident.Priority;
import dev.sift.core.notification.Channel;
import dev.sift.core.notification.Notifying;
import dev.sift.core.rules.Rules;
import dev.sift.core.signal.Signal;
import dev.sift.storage.db.Database;
import dev.sift.storage.db.EmbeddedDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox in PostgreSQL: rows written with the batch that caused them (a batch written twice adds none), claimed
 * by one worker at a time, and their outcome recorded with a timeline entry.
 */
class OutboxStorageTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final Rules RULES = Rules.of(AutomationPolicy.defaults()).withNotifying(new Notifying(Map.of(
            "a", new Channel.Webhook("a", "http://a.example.org/", null, Notifying.ALL_EVENTS),
            "b", new Channel.Webhook("b", "http://b.example.org/", null, Notifying.ALL_EVENTS)), List.of("a", "b"),
            3, Duration.ofSeconds(1), Duration.ofMinutes(1)));

    static Signal.Firing disk(String key) {
        var d = new AlertDescription(Map.of("host", key), Map.of(), "disk full on " + key, "critical", null, key);
        return new Signal.Firing(Source.EVENTS, 7, "scripts", Fingerprint.ofDedupKey(7, key), d, null);
    }

    @Test
    void rowsAreWrittenOnceClaimedByOneWorkerAndTheirOutcomeIsOnTheTimeline(@TempDir Path home) {
        try (EmbeddedDatabase server = EmbeddedDatabase.start(home);
             Database db = new Database(server.jdbcUrl(), "postgres", "")) {
            var store = new PostgresEngineStore(db.jdbi());
            var outbox = new PostgresOutbox(db.jdbi());
            Engine engine = new Engine(RULES);
            Changes changes = new Changes();
            engine.apply(new Command.Ingest(disk("db1")), NOW, changes);
            assertThat(changes.notifications()).hasSize(2);
            store.write(changes);
            // The same batch again (a retried write): the dedup keys keep the outbox as it is.
            store.write(changes);
            assertThat(outbox.counts()).isEqualTo(new PostgresOutbox.Counts(2, 0));

            List<PostgresOutbox.Claimed> first = outbox.claim(NOW, NOW.plusSeconds(300), 1);
            List<PostgresOutbox.Claimed> second = outbox.claim(NOW, NOW.plusSeconds(300), 5);
            List<PostgresOutbox.Claimed> third = outbox.claim(NOW, NOW.plusSeconds(300), 5);
            assertThat(first).hasSize(1);
            assertThat(second).hasSize(1).extracting(PostgresOutbox.Claimed::id).doesNotContain(first.getFirst().id());
            assertThat(third).as("both are leased").isEmpty();
            var n = first.getFirst().notification();
            assertThat(n.title()).isEqualTo("disk full on db1");
            assertThat(n.priority()).isEqualTo(Priority.P1);
            assertThat(n.labels()).containsEntry("host", "db1");
            assertThat(n.message()).startsWith("opened by disk full on db1");

            outbox.delivered(first.getFirst(), NOW.plusSeconds(1), "notified a: incident opened");
            outbox.failed(second.getFirst(), NOW.plusSeconds(1), "HTTP 502", NOW.plusSeconds(2), null);
            assertThat(outbox.claim(NOW.plusSeconds(1), NOW.plusSeconds(300), 5)).as("not due yet").isEmpty();
            var again = outbox.claim(NOW.plusSeconds(2), NOW.plusSeconds(300), 5);
            assertThat(again).extracting(PostgresOutbox.Claimed::attempts).containsExactly(1);
            outbox.failed(again.getFirst(), NOW.plusSeconds(3), "HTTP 502", null, "delivery to b failed 2 times");
            assertThat(outbox.counts()).isEqualTo(new PostgresOutbox.Counts(0, 1));

            var rows = outbox.notifications(n.incidentId(), null, 10, null).items();
            assertThat(rows).extracting(r -> r.channel() + " " + r.state() + " " + r.attempts() + " " + r.lastError())
                    .containsExactly("b dead 2 HTTP 502", "a delivered 1 null");
            var timeline = new PostgresIncidentQueries(db.jdbi()).incident(n.incidentId()).orElseThrow().timeline();
            assertThat(timeline).extracting(t -> t.kind() + ": " + t.message()).endsWith(
                    "notified: notified a: incident opened", "notification-failed: delivery to b failed 2 times");

            // Delivered rows go after their retention; dead ones stay.
            assertThat(outbox.deleteDeliveredBefore(NOW.plusSeconds(1))).isZero();
            assertThat(outbox.deleteDeliveredBefore(NOW.plusSeconds(2))).isEqualTo(1);
            assertThat(outbox.notifications(null, null, 10, null).items()).extracting(r -> r.state())
                    .containsExactly("dead");
        }
    }
}
