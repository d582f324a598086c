package dev.sift.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.incident.Priority;
import dev.sift.core.matching.AlertFields;
import dev.sift.core.matching.Matcher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingPolicyTest {
    static AlertFields alert(String... nameValue) {
        var labels = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < nameValue.length; i += 2) {
            labels.put(nameValue[i], nameValue[i + 1]);
        }
        return new AlertFields(labels, "alertmanager", "prometheus");
    }

    static Route route(String name, String matchers, RouteSettings settings, Route... children) {
        return new Route(name, matchers.isEmpty() ? List.of() : Matcher.parse(matchers), false, settings,
                List.of(children));
    }

    static Route continuing(Route r) {
        return new Route(r.name(), r.matchers(), true, r.settings(), r.routes());
    }

    static RouteSettings queue(String queue) {
        return new RouteSettings(queue, null, null, null, Map.of(), null, null, null);
    }

    static RouteSettings priority(String rule) {
        return new RouteSettings(null, null, null, PriorityRule.parse(rule), Map.of(), null, null, null);
    }

    static RoutingDecision decide(List<Route> routes, AlertFields alert) {
        return new RoutingPolicy(new RouteTree(routes), AutomationPolicy.defaults())
                .decide(alert, alert.labels().get("severity"));
    }

    @Test
    void withoutRoutesTheDefaultsDecideAndSaySo() {
        RoutingDecision d = decide(List.of(), alert("severity", "critical", "team", "db"));
        assertThat(d.queue()).isEqualTo("db"); // queues.labels: [queue, team]
        assertThat(d.priority()).isEqualTo(Priority.P1);
        assertThat(d.routing().matched()).isFalse();
        assertThat(d.routing().reason()).isEqualTo("no routes configured; queue and priority from the defaults");
    }

    @Test
    void theFirstMatchingRouteWinsAndSaysWhy() {
        var routes = List.of(
                route("web", "team=\"web\"", queue("web-oncall")),
                route("db-critical", "severity=\"critical\", team=~\"db|storage\"", queue("dba")),
                route("db", "team=\"db\"", queue("db-tickets")));
        RoutingDecision d = decide(routes, alert("severity", "critical", "team", "db"));
        assertThat(d.queue()).isEqualTo("dba");
        assertThat(d.routing().routeName()).isEqualTo("db-critical");
        assertThat(d.routing().routePath()).isEqualTo("routes[1]");
        assertThat(d.routing().reason())
                .isEqualTo("route \"db-critical\" (routes[1]): severity=\"critical\", team=~\"db|storage\"");
        assertThat(d.summary()).isEqualTo("routed to queue \"dba\" as P1 by route \"db-critical\" (routes[1]):"
                + " severity=\"critical\", team=~\"db|storage\"");
    }

    @Test
    void noMatchFallsBackToTheDefaults() {
        RoutingDecision d = decide(List.of(route("web", "team=\"web\"", queue("web"))), alert("severity", "info"));
        assertThat(d.queue()).isEqualTo("default");
        assertThat(d.priority()).isEqualTo(Priority.P4);
        assertThat(d.routing().reason()).isEqualTo("no route matched; queue and priority from the defaults");
        assertThat(d.summary()).isEqualTo("routed to queue \"default\" as P4: no route matched; queue and priority"
                + " from the defaults");
    }

    @Test
    void childrenRefineTheirParentAndInheritWhatTheyLeaveUnset() {
        var parent = new RouteSettings("db", "database", "acme", PriorityRule.parse("P3"), Map.of("tier", "1"),
                "https://wiki.example.org/db", List.of("db-mail"), "by-cluster");
        var child = new RouteSettings(null, null, null, PriorityRule.parse("+1"), Map.of("pager", "yes"), null,
                List.of("db-pager"), null);
        var routes = List.of(route("db", "team=\"db\"", parent,
                route("db-critical", "severity=\"critical\"", child)));

        RoutingDecision critical = decide(routes, alert("severity", "critical", "team", "db"));
        assertThat(critical.queue()).isEqualTo("db");
        assertThat(critical.priority()).isEqualTo(Priority.P2); // the parent's P3, one step more urgent
        Routing r = critical.routing();
        assertThat(r.routePath()).isEqualTo("routes[0].routes[0]");
        assertThat(r.reason()).isEqualTo("route \"db-critical\" (routes[0].routes[0]): team=\"db\", severity=\"critical\"");
        assertThat(r.category()).isEqualTo("database");
        assertThat(r.customer()).isEqualTo("acme");
        assertThat(r.runbook()).isEqualTo("https://wiki.example.org/db");
        assertThat(r.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("tier", "1", "pager", "yes"));
        assertThat(r.channels()).containsExactly("db-pager");
        assertThat(r.grouping()).isEqualTo("by-cluster");

        RoutingDecision warning = decide(routes, alert("severity", "warning", "team", "db"));
        assertThat(warning.routing().routeName()).isEqualTo("db"); // no child matched: the parent decides
        assertThat(warning.priority()).isEqualTo(Priority.P3);
        assertThat(warning.routing().channels()).containsExactly("db-mail");
    }

    @Test
    void continueLetsLaterSiblingsAddWhatTheFirstLeftUnset() {
        var page = new RouteSettings(null, null, null, PriorityRule.parse("P1"), Map.of("paged", "true"), null,
                List.of("pager"), null);
        var routes = List.of(
                continuing(route("page-criticals", "severity=\"critical\"", page)),
                route("db", "team=\"db\"", new RouteSettings("db", "database", null, PriorityRule.parse("P3"),
                        Map.of("paged", "no"), null, List.of("db-mail", "pager"), null)),
                route("never", "", queue("unreachable")));
        RoutingDecision d = decide(routes, alert("severity", "critical", "team", "db"));
        assertThat(d.queue()).isEqualTo("db");
        assertThat(d.priority()).isEqualTo(Priority.P1); // the first route that sets it wins
        assertThat(d.routing().category()).isEqualTo("database");
        assertThat(d.routing().channels()).containsExactly("pager", "db-mail");
        assertThat(d.routing().labels()).containsEntry("paged", "true");
        assertThat(d.routing().routeName()).isEqualTo("page-criticals");
        assertThat(d.routing().reason()).isEqualTo("route \"page-criticals\" (routes[0]): severity=\"critical\";"
                + " also route \"db\" (routes[1]): team=\"db\"");
    }

    @Test
    void unnamedRoutesAreNamedByTheirPlaceAndEmptyMatchersMatchEverything() {
        RoutingDecision d = decide(List.of(route(null, "", queue("catch-all"))), alert("alertname", "X"));
        assertThat(d.queue()).isEqualTo("catch-all");
        assertThat(d.routing().reason()).isEqualTo("route routes[0]: matches every alert");
    }

    @Test
    void matchesOnWhereTheAlertCameFrom() {
        var routes = List.of(route("from-scripts", "@source=\"events\", @integration=\"cron\"", queue("ops")));
        var event = new AlertFields(Map.of("source", "db1"), "events", "cron");
        assertThat(decide(routes, event).queue()).isEqualTo("ops");
        assertThat(decide(routes, alert("source", "db1")).queue()).isEqualTo("default");
    }

    @Test
    void priorityAdjustmentsMoveTheSeverityPriorityWithinP1ToP5() {
        var routes = List.of(route("up", "team=\"db\"", priority("+1")), route("down", "team=\"web\"", priority("-2")));
        assertThat(decide(routes, alert("severity", "warning", "team", "db")).priority()).isEqualTo(Priority.P2);
        assertThat(decide(routes, alert("severity", "critical", "team", "db")).priority()).isEqualTo(Priority.P1);
        assertThat(decide(routes, alert("severity", "info", "team", "web")).priority()).isEqualTo(Priority.P5);
        assertThat(RoutingPolicy.priorityOf(decide(routes, alert("team", "db")).routing(), Priority.P4))
                .isEqualTo(Priority.P3); // a later severity change is adjusted the same way
    }

    @Test
    void priorityRulesComposeDownTheTree() {
        assertThat(PriorityRule.parse("P3").then(PriorityRule.parse("+1"))).isEqualTo(PriorityRule.parse("P2"));
        assertThat(PriorityRule.parse("+1").then(PriorityRule.parse("+1"))).isEqualTo(PriorityRule.parse("+2"));
        assertThat(PriorityRule.parse("+1").then(PriorityRule.parse("P4"))).isEqualTo(PriorityRule.parse("P4"));
        assertThat(PriorityRule.parse("+1").then(PriorityRule.parse("-1"))).isNull(); // back to the severity
        assertThat(PriorityRule.parse("+2").wireName()).isEqualTo("+2");
        assertThat(PriorityRule.parse("p2").wireName()).isEqualTo("P2");
        assertThatThrownBy(() -> PriorityRule.parse("+5")).hasMessage(
                "priority adjustment +5 is out of range; expected +1 … +4 (more urgent) or -1 … -4 (less urgent)");
        assertThatThrownBy(() -> PriorityRule.parse("P0"))
                .hasMessage("unknown priority 'P0'; expected one of P1, P2, P3, P4, P5");
    }
}
