package dev.sift.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Fingerprint;
import dev.sift.core.alert.Source;
import dev.sift.core.engine.Changes;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Engine;
import dev.sift.core.engine.Outcome;
import dev.sift.core.engine.SignalEffect;
import dev.sift.core.matching.Matcher;
import dev.sift.core.query.AlertFilter;
import dev.sift.core.rules.Rules;
import dev.sift.core.signal.Signal;
import dev.sift.core.silence.Silence;
import dev.sift.core.silence.SilenceState;
import dev.sift.storage.db.Database;
import dev.sift.storage.db.EmbeddedDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API silences and the alerts they mute survive the database: written by the writer, loaded at restart. */
class SilenceStorageTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    static Signal.Firing dbDown() {
        var labels = Map.of("alertname", "DbDown", "team", "db");
        var d = new AlertDescription(labels, Map.of("summary", "db is down"), "db is down", "critical", null, null);
        return new Signal.Firing(Source.ALERTMANAGER, 0, "", Fingerprint.ofLabels(labels), d, null);
    }

    @Test
    void aSilenceAndTheAlertItMutesAreStoredAndASilenceEndingAfterARestartOpensTheIncident(@TempDir Path home) {
        try (EmbeddedDatabase server = EmbeddedDatabase.start(home);
             Database db = new Database(server.jdbcUrl(), "postgres", "")) {
            var store = new PostgresEngineStore(db.jdbi());
            var silences = new PostgresSilences(db.jdbi());
            Engine engine = new Engine(Rules.defaults());
            Changes changes = new Changes();
            engine.apply(new Command.CreateSilence(Matcher.parse("team=\"db\", alertname=~\"Db.*\""), null,
                    NOW.plus(Duration.ofHours(1)), "alice", "moving the database"), NOW, changes);
            var muted = (Outcome.Ingested) engine.apply(new Command.Ingest(dbDown()), NOW, changes);
            store.write(changes);

            assertThat(muted.effect()).isEqualTo(SignalEffect.SILENCED);
            Silence stored = silences.silence(1).orElseThrow();
            assertThat(stored.matchers()).containsExactlyElementsOf(Matcher.parse("team=\"db\", alertname=~\"Db.*\""));
            assertThat(stored.createdBy()).isEqualTo("alice");
            assertThat(silences.silences(SilenceState.ACTIVE, NOW, 10)).extracting(Silence::id).containsExactly(1L);
            assertThat(silences.silences(SilenceState.EXPIRED, NOW, 10)).isEmpty();
            var shown = new PostgresIncidentQueries(db.jdbi()).alerts(new AlertFilter(null, null, 10, null))
                    .items().getFirst();
            assertThat(shown.incidentId()).isZero();
            assertThat(shown.silencedBy()).isEqualTo("silence:1");
            assertThat(shown.silenceReason()).startsWith("silenced by silence 1 by alice: \"moving the database\"");

            Engine restarted = new Engine(Rules.defaults());
            restarted.restore(store.load());
            Changes later = new Changes();
            restarted.apply(new Command.Tick(), NOW.plus(Duration.ofHours(1)), later);
            store.write(later);

            assertThat(restarted.incidents()).hasSize(1);
            var opened = new PostgresIncidentQueries(db.jdbi()).incident(1).orElseThrow();
            assertThat(opened.alerts()).hasSize(1);
            assertThat(opened.alerts().getFirst().silencedBy()).isNull();
            assertThat(store.load().silencedAlerts()).isEmpty();
            assertThat(silences.silences(SilenceState.EXPIRED, NOW.plus(Duration.ofHours(1)), 10)).hasSize(1);
        }
    }
}
