package dev.sift.core.engine;

import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Fingerprint;
import dev.sift.core.alert.Source;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.matching.Matcher;
import dev.sift.core.routing.PriorityRule;
import dev.sift.core.routing.Route;
import dev.sift.core.routing.RouteSettings;
import dev.sift.core.routing.RouteTree;
import dev.sift.core.rules.Rules;
import dev.sift.core.signal.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing as the engine applies it when an incident opens, and rules swapped while signals flow. */
class RoutingTest {
    static final RouteSettings DBA = new RouteSettings("dba", "database", "acme", PriorityRule.parse("+1"),
            Map.of("pager", "yes"), "https://wiki.example.org/db", List.of("dba-pager"), "by-cluster");

    /** Routing on its own: without grouping, every alert opens its incident and the routed entry comes last. */
    static Rules rules(Route... routes) {
        return new Rules(EngineDriver.ALONE, new RouteTree(List.of(routes)));
    }

    static Route route(String name, String matchers, RouteSettings settings) {
        return new Route(name, Matcher.parse(matchers), false, settings, List.of());
    }

    final EngineDriver sift = new EngineDriver(new Engine(rules(route("db", "team=~\"db|storage\"", DBA))),
            new MutableClock(EngineDriver.START));

    @Test
    void aNewIncidentGetsWhatTheMatchingRouteDecidedAndTheTimelineSaysWhy() {
        long id = sift.ingest(firing(labels("alertname", "ReplicaLag", "team", "db", "severity", "warning"), null))
                .incidentId();

        Incident i = sift.incident(id);
        assertThat(i.queue()).isEqualTo("dba");
        assertThat(i.priority()).isEqualTo(Priority.P2); // warning → P3, one step more urgent
        assertThat(i.routing().routeName()).isEqualTo("db");
        assertThat(i.routing().routePath()).isEqualTo("routes[0]");
        assertThat(i.routing().category()).isEqualTo("database");
        assertThat(i.routing().channels()).containsExactly("dba-pager");
        assertThat(sift.kinds(id)).containsExactly(TimelineKind.OPENED, TimelineKind.ROUTED);
        assertThat(sift.timeline(id).get(0).message()).isEqualTo("opened by ReplicaLag (severity warning → P3)");
        assertThat(sift.timeline(id).get(1).message())
                .isEqualTo("routed to queue \"dba\" as P2 by route \"db\" (routes[0]): team=~\"db|storage\"");
    }

    @Test
    void anIncidentNoRouteMatchedSaysSoToo() {
        long id = sift.ingest(firing(labels("alertname", "Web", "team", "web", "severity", "info"), null))
                .incidentId();
        assertThat(sift.incident(id).queue()).isEqualTo("web");
        assertThat(sift.incident(id).routing().matched()).isFalse();
        assertThat(sift.lastEntry(id).message())
                .isEqualTo("routed to queue \"web\" as P4: no route matched; queue and priority from the defaults");
    }

    @Test
    void withoutRoutesTheTimelineIsAsBefore() {
        var plain = new EngineDriver();
        long id = plain.ingest(firing(labels("alertname", "X", "severity", "critical"), null)).incidentId();
        assertThat(plain.kinds(id)).containsExactly(TimelineKind.OPENED);
        assertThat(plain.incident(id).routing().reason())
                .isEqualTo("no routes configured; queue and priority from the defaults");
    }

    @Test
    void routesMatchTheIntegrationThatSentTheAlert() {
        var engine = new Engine(rules(route("cron", "@source=\"events\", @integration=\"cron-jobs\"",
                new RouteSettings("batch", null, null, null, Map.of(), null, null, null))));
        var driver = new EngineDriver(engine, new MutableClock(EngineDriver.START));
        var d = new AlertDescription(Map.of("source", "host1"), Map.of(), "backup failed", "error", null, "k1");
        long fromCron = driver.ingest(new Signal.Firing(Source.EVENTS, 7, "cron-jobs", Fingerprint.ofDedupKey(7, "k1"),
                d, null)).incidentId();
        long fromOther = driver.ingest(new Signal.Firing(Source.EVENTS, 8, "scripts", Fingerprint.ofDedupKey(8, "k1"),
                d, null)).incidentId();
        assertThat(driver.incident(fromCron).queue()).isEqualTo("batch");
        assertThat(driver.incident(fromOther).queue()).isEqualTo("default");
    }

    @Test
    void aSeverityChangeDerivesThePriorityThroughTheRouteAgain() {
        var base = labels("team", "db");
        var d1 = new AlertDescription(base, Map.of(), "lag", "warning", null, "lag");
        var d2 = new AlertDescription(base, Map.of(), "lag", "critical", null, "lag");
        String fp = Fingerprint.ofDedupKey(3, "lag");
        long id = sift.ingest(new Signal.Firing(Source.EVENTS, 3, fp, d1, null)).incidentId();
        assertThat(sift.incident(id).priority()).isEqualTo(Priority.P2);
        sift.ingest(new Signal.Firing(Source.EVENTS, 3, fp, d2, null));
        assertThat(sift.incident(id).priority()).isEqualTo(Priority.P1);
        assertThat(sift.lastEntry(id).message()).isEqualTo("lag severity warning → critical; priority P2 → P1");
    }

    @Test
    void newRulesApplyToIncidentsOpenedAfterThemAndOpenIncidentsKeepTheirRoute() {
        long before = sift.ingest(firing(labels("alertname", "A", "team", "db"), null)).incidentId();
        var outcome = sift.apply(new Command.UseRules(rules(route("storage", "team=\"db\"",
                new RouteSettings("storage-team", null, null, PriorityRule.parse("P5"), Map.of(), null, null, null)))));
        assertThat(outcome).isInstanceOf(Outcome.RulesChanged.class);
        long after = sift.ingest(firing(labels("alertname", "B", "team", "db"), null)).incidentId();

        assertThat(sift.incident(before).queue()).isEqualTo("dba");
        assertThat(sift.incident(before).routing().routeName()).isEqualTo("db");
        assertThat(sift.incident(after).queue()).isEqualTo("storage-team");
        assertThat(sift.incident(after).priority()).isEqualTo(Priority.P5);
        assertThat(sift.engine.rules().routes().routes()).extracting(Route::name).containsExactly("storage");
    }

    @Test
    void newRulesReDeriveDeadlinesWithTheirDurations() {
        var labels = labels("alertname", "Short", "team", "web");
        long id = sift.ingest(firing(labels, null)).incidentId();
        sift.ingest(resolved(labels, null));
        var d = AutomationPolicy.defaults();
        var longer = new AutomationPolicy(d.autoResolve(), d.reopenWindow(), Duration.ofHours(48),
                d.resendingExpiry(), d.eventExpiry(), d.priorities(), d.queueLabels(), d.defaultQueue());
        sift.apply(new Command.UseRules(Rules.of(longer)));

        sift.advanceAndTick(Duration.ofHours(25));
        assertThat(sift.incident(id).status().wireName()).isEqualTo("resolved"); // the old 24h no longer applies
        sift.advanceAndTick(Duration.ofHours(24));
        assertThat(sift.incident(id).status().wireName()).isEqualTo("closed");
        assertThat(sift.lastEntry(id).message()).isEqualTo("closed after 2d resolved without recurrence");
    }
}
