package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A rules file with routes, an Alertmanager webhook in, and the route with its reason out of the API. */
class RoutingEndToEndTest {
    static final String RULES = """
            # Delivery is not what this test is about: the channels take an event that never happens here.
            channels:
              - {name: dba-mail, type: email, host: 127.0.0.1, from: sift@example.org, to: dba@example.org, events: [sla-breached]}
              - {name: dba-pager, type: webhook, url: 'http://127.0.0.1:9/', events: [sla-breached]}
            routes:
              - name: from-staging
                matchers: ['@integration="prometheus-staging"']
                queue: staging
              - name: db
                matchers: ['team=~"db|storage"']
                queue: dba
                category: database
                customer: acme
                runbook: https://wiki.example.org/runbooks/db
                channels: [dba-mail]
                grouping: by-cluster
                routes:
                  - name: db-critical
                    matchers: ['severity="critical"']
                    priority: P1
                    labels: {pager: "yes"}
                    channels: [dba-pager, dba-mail]
              - name: quiet
                matchers: ['severity="info"']
                priority: -1
            """;

    static TestSift sift;
    static String prodKey;
    static String stagingKey;

    @BeforeAll
    static void start() throws Exception {
        Path home = TestSift.newHome();
        Path rules = Files.writeString(home.resolve("sift.yaml"), RULES);
        sift = TestSift.start(home, s -> s.withConfigFile(rules));
        prodKey = sift.integration(TestSift.unique("prometheus-prod"), "alertmanager");
        stagingKey = sift.integration("prometheus-staging", "alertmanager");
    }

    @AfterAll
    static void stop() {
        sift.close();
    }

    static JsonNode fire(String key, String alertname, String severity, String team) {
        String body = """
                {"version":"4","status":"firing","receiver":"sift","groupLabels":{"alertname":"%1$s"},
                 "commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093","groupKey":"{}:{}",
                 "alerts":[{"status":"firing","labels":{"alertname":"%1$s","severity":"%2$s","team":"%3$s"},
                 "annotations":{"summary":"%1$s is failing"},"startsAt":"2026-11-22T07:00:00Z",
                 "endsAt":"0001-01-01T00:00:00Z","fingerprint":"0123456789abcdef"}]}"""
                .formatted(alertname, severity, team);
        var r = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body.getBytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        long id = sift.body(r).get("incidents").get(0).asLong();
        return sift.getJson("/api/v1/incidents/" + id);
    }

    @Test
    void theIncidentShowsTheRouteThatMatchedAndWhy() {
        JsonNode incident = fire(prodKey, TestSift.unique("ReplicaLag"), "critical", "storage");

        assertThat(incident.get("queue").asText()).isEqualTo("dba");
        assertThat(incident.get("priority").asText()).isEqualTo("P1");
        JsonNode route = incident.get("route");
        assertThat(route.get("name").asText()).isEqualTo("db-critical");
        assertThat(route.get("path").asText()).isEqualTo("routes[1].routes[0]");
        assertThat(route.get("reason").asText())
                .isEqualTo("route \"db-critical\" (routes[1].routes[0]): team=~\"db|storage\", severity=\"critical\"");
        assertThat(route.get("priority").asText()).isEqualTo("P1");
        assertThat(incident.get("category").asText()).isEqualTo("database");
        assertThat(incident.get("customer").asText()).isEqualTo("acme");
        assertThat(incident.get("runbook").asText()).isEqualTo("https://wiki.example.org/runbooks/db");
        assertThat(incident.get("channels").toString()).isEqualTo("[\"dba-pager\",\"dba-mail\"]");
        assertThat(incident.get("extraLabels").get("pager").asText()).isEqualTo("yes");
        assertThat(incident.get("grouping").asText()).isEqualTo("by-cluster");
        assertThat(incident.get("timeline").findValuesAsText("kind")).containsExactly("opened", "routed");
        assertThat(incident.get("timeline").get(1).get("message").asText())
                .isEqualTo("routed to queue \"dba\" as P1 by route \"db-critical\" (routes[1].routes[0]):"
                        + " team=~\"db|storage\", severity=\"critical\"");
    }

    @Test
    void theIntegrationThatSentTheAlertCanRouteIt() {
        JsonNode incident = fire(stagingKey, TestSift.unique("ReplicaLag"), "critical", "db");
        assertThat(incident.get("queue").asText()).isEqualTo("staging");
        assertThat(incident.get("route").get("reason").asText())
                .isEqualTo("route \"from-staging\" (routes[0]): @integration=\"prometheus-staging\"");
    }

    @Test
    void anAdjustmentMovesTheSeverityPriorityAndNoMatchSaysSo() {
        JsonNode quiet = fire(prodKey, TestSift.unique("Info"), "info", "web");
        assertThat(quiet.get("priority").asText()).isEqualTo("P5"); // info → P4, one step less urgent
        assertThat(quiet.get("queue").asText()).isEqualTo("web"); // from the queues defaults

        JsonNode unrouted = fire(prodKey, TestSift.unique("Web"), "warning", "web");
        assertThat(unrouted.get("route").get("name").isNull()).isTrue();
        assertThat(unrouted.get("route").get("reason").asText())
                .isEqualTo("no route matched; queue and priority from the defaults");
        assertThat(unrouted.get("category").isNull()).isTrue();
    }

    @Test
    void theEffectiveRulesAreReadableByAnyRole() {
        String viewer = sift.user(TestSift.unique("viewer"), "viewer");
        var r = sift.get("/api/v1/rules", viewer);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode rules = sift.body(r);
        assertThat(rules.get("status").asText()).isEqualTo("ok");
        assertThat(rules.get("file").asText()).endsWith("sift.yaml");
        assertThat(rules.get("routes").findValuesAsText("name"))
                .containsExactly("from-staging", "db", "db-critical", "quiet");
        JsonNode db = rules.get("routes").get(1);
        assertThat(db.get("matchers").get(0).asText()).isEqualTo("team=~\"db|storage\"");
        assertThat(db.get("routes").get(0).get("path").asText()).isEqualTo("routes[1].routes[0]");
        assertThat(rules.get("routes").get(2).get("priority").asText()).isEqualTo("-1");
        assertThat(rules.get("priorities").get("critical").asText()).isEqualTo("P1");
        assertThat(sift.get("/api/v1/rules", null).statusCode()).isEqualTo(401);
    }
}
