package dev.sift.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Fingerprint;
import dev.sift.core.alert.Source;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.engine.Changes;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Engine;
import dev.sift.core.engine.Outcome;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.Priority;
import dev.sift.core.matching.Matcher;
import dev.sift.core.routing.PriorityRule;
import dev.sift.core.routing.Route;
import dev.sift.core.routing.RouteSettings;
import dev.sift.core.routing.RouteTree;
import dev.sift.core.routing.Routing;
import dev.sift.core.rules.Rules;
import dev.sift.core.signal.Signal;
import dev.sift.storage.db.Database;
import dev.sift.storage.db.EmbeddedDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What routing decided survives the database: written with the incident, read by the API and at restart. */
class RoutingStorageTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final Rules RULES = new Rules(AutomationPolicy.defaults(), new RouteTree(List.of(new Route("db",
            Matcher.parse("team=\"db\""), false, new RouteSettings("dba", "database", "acme", PriorityRule.parse("+1"),
            Map.of("tier", "1"), "https://wiki.example.org/db", List.of("dba-pager", "dba-mail"), "by-cluster"),
            List.of()))));

    static Signal.Firing lag(String severity) {
        var d = new AlertDescription(Map.of("team", "db"), Map.of(), "replica lag", severity, null, "lag");
        return new Signal.Firing(Source.EVENTS, 7, "scripts", Fingerprint.ofDedupKey(7, "lag"), d, null);
    }

    @Test
    void theRoutingOfAnIncidentIsStoredAndLoadedBack(@TempDir Path home) {
        try (EmbeddedDatabase server = EmbeddedDatabase.start(home);
             Database db = new Database(server.jdbcUrl(), "postgres", "")) {
            var store = new PostgresEngineStore(db.jdbi());
            Engine engine = new Engine(RULES);
            Changes changes = new Changes();
            long id = ((Outcome.Ingested) engine.apply(new Command.Ingest(lag("warning")), NOW, changes)).incidentId();
            store.write(changes);
            Routing written = engine.incidents().iterator().next().routing();

            Incident loaded = store.load().incidents().getFirst();
            assertThat(loaded.routing()).isEqualTo(written);
            assertThat(loaded.routing().routeName()).isEqualTo("db");
            assertThat(loaded.routing().channels()).containsExactly("dba-pager", "dba-mail");
            assertThat(loaded.priority()).isEqualTo(Priority.P2);
            var shown = new PostgresIncidentQueries(db.jdbi()).incident(id).orElseThrow().incident();
            assertThat(shown.routing()).isEqualTo(written);

            // After a restart the route's rule still derives the priority when the severity changes.
            Engine restarted = new Engine(Rules.defaults());
            restarted.restore(store.load());
            Changes later = new Changes();
            restarted.apply(new Command.Ingest(lag("error")), NOW.plusSeconds(60), later);
            assertThat(restarted.incidents().iterator().next().priority()).isEqualTo(Priority.P1); // error → P2, +1
            store.write(later);
            assertThat(store.load().incidents().getFirst().routing()).isEqualTo(written);
        }
    }
}
