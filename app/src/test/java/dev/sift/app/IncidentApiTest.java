package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API as people use it: roles, actions with their actor on the timeline, filters and paging. */
class IncidentApiTest {
    static TestSift sift;
    static String amKey;
    static String alice;
    static String alicesToken;
    static String viewersToken;

    @BeforeAll
    static void start() {
        sift = TestSift.shared();
        amKey = sift.integration("alertmanager");
        alice = TestSift.unique("alice");
        alicesToken = sift.user(alice, "responder");
        viewersToken = sift.user(TestSift.unique("vic"), "viewer");
    }

    static long fire(String alertname, String severity) {
        String body = """
                {"version":"4","alerts":[{"status":"firing","labels":{"alertname":"%s","severity":"%s","team":"db"},
                 "annotations":{"summary":"%s is failing"},"startsAt":"2026-11-22T07:00:00Z",
                 "endsAt":"0001-01-01T00:00:00Z"}]}""".formatted(alertname, severity, alertname);
        var r = sift.postRaw("/api/v1/integrations/alertmanager", amKey, "application/json", body.getBytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return sift.body(r).get("incidents").get(0).asLong();
    }

    static void resolve(String alertname, String severity) {
        String body = """
                {"version":"4","alerts":[{"status":"resolved","labels":{"alertname":"%s","severity":"%s","team":"db"},
                 "annotations":{},"startsAt":"2026-11-22T07:00:00Z","endsAt":"2026-11-22T07:05:00Z"}]}"""
                .formatted(alertname, severity);
        sift.postRaw("/api/v1/integrations/alertmanager", amKey, "application/json", body.getBytes());
    }

    /** The timeline entries of this kind, in order. */
    static List<JsonNode> entries(JsonNode incident, String kind) {
        List<JsonNode> found = new ArrayList<>();
        incident.get("timeline").forEach(e -> {
            if (e.get("kind").asText().equals(kind)) {
                found.add(e);
            }
        });
        return found;
    }

    JsonNode act(long id, String action, String token, Map<String, ?> body, int expected) {
        var r = sift.post("/api/v1/incidents/" + id + "/" + action, token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return sift.body(r);
    }

    @Test
    void acknowledgeMakesTheActorTheAssigneeAndBlocksAutoResolve() {
        String name = TestSift.unique("Ack");
        long id = fire(name, "critical");
        JsonNode acked = act(id, "acknowledge", alicesToken, Map.of(), 200);
        assertThat(acked.get("status").asText()).isEqualTo("acknowledged");
        assertThat(acked.get("assignee").asText()).isEqualTo(alice);

        resolve(name, "critical");
        JsonNode after = sift.getJson("/api/v1/incidents/" + id);
        assertThat(after.get("status").asText()).isEqualTo("acknowledged");
        JsonNode last = after.get("timeline").get(after.get("timeline").size() - 1);
        assertThat(last.get("kind").asText()).isEqualTo("all-alerts-recovered");
        assertThat(last.get("message").asText()).contains("stays with " + alice);
        assertThat(entries(after, "acknowledged")).as("the acknowledgement, by its actor").singleElement()
                .satisfies(e -> assertThat(e.get("actor").asText()).isEqualTo(alice));
    }

    @Test
    void everyActionLandsOnTheTimelineWithItsActor() {
        long id = fire(TestSift.unique("Flow"), "warning");
        act(id, "assign", TestSift.ADMIN_TOKEN, Map.of("assignee", alice), 200);
        act(id, "snooze", alicesToken, Map.of("duration", "2h"), 200);
        JsonNode commented = act(id, "comments", alicesToken, Map.of("text", "looking <b>now</b>"), 200);
        assertThat(commented.get("status").asText()).isEqualTo("snoozed");
        assertThat(commented.get("snoozedUntil").isNull()).isFalse();
        act(id, "priority", alicesToken, Map.of("priority", "P1"), 200);
        act(id, "resolve", alicesToken, Map.of("reason", "fixed the disk"), 200);
        act(id, "reopen", alicesToken, Map.of(), 200);
        JsonNode closed = act(id, "close", alicesToken, Map.of("reason", "duplicate"), 200);
        assertThat(closed.get("status").asText()).isEqualTo("closed");
        assertThat(closed.get("priority").asText()).isEqualTo("P1");
        assertThat(closed.get("priorityOverridden").asBoolean()).isTrue();
        // Grouping explains on the timeline where an alert went (a join is an entry of its own); that is the
        // system's entry, not an action, and comes before any.
        List<JsonNode> grouped = entries(closed, "grouped");
        assertThat(grouped).allSatisfy(e -> assertThat(e.get("actor").asText()).isEqualTo("system"));
        List<JsonNode> actions = new ArrayList<>();
        closed.get("timeline").forEach(e -> {
            if (!e.get("kind").asText().equals("grouped")) {
                actions.add(e);
            }
        });
        assertThat(actions).extracting(e -> e.get("kind").asText()).containsExactly("opened", "assigned",
                "snoozed", "comment", "priority-changed", "resolved", "reopened", "closed");
        assertThat(actions).extracting(e -> e.get("actor").asText()).containsExactly("system", "admin", alice,
                alice, alice, alice, alice, alice);
        assertThat(actions.get(3).get("message").asText()).isEqualTo("looking <b>now</b>");
        assertThat(closed.get("timeline").findValuesAsText("kind").subList(0, 1 + grouped.size()))
                .as("grouping's explanation comes with the opening, before any action")
                .allMatch(k -> k.equals("opened") || k.equals("grouped"));

        // closed incidents still take comments and can be reopened
        act(id, "comments", alicesToken, Map.of("text", "post-mortem linked"), 200);
        JsonNode reopened = act(id, "reopen", alicesToken, Map.of(), 200);
        assertThat(reopened.get("status").asText()).isEqualTo("triggered");
        assertThat(reopened.get("assignee").asText()).isEqualTo(alice);
    }

    @Test
    void refusedActionsSayWhy() {
        long id = fire(TestSift.unique("Refuse"), "info");
        act(id, "close", alicesToken, Map.of(), 200);
        assertThat(act(id, "close", alicesToken, Map.of(), 409).get("detail").asText()).contains("already closed");
        assertThat(act(id, "acknowledge", alicesToken, Map.of(), 409).get("detail").asText()).contains("reopen it");
        assertThat(act(id, "assign", alicesToken, Map.of("assignee", "nobody-at-all"), 400).get("detail").asText())
                .contains("no user named 'nobody-at-all'");
        assertThat(act(id, "snooze", alicesToken, Map.of(), 400).get("detail").asText()).contains("until");
        assertThat(act(id, "explode", alicesToken, Map.of(), 404).get("detail").asText()).contains("no action");
        assertThat(act(id, "comments", alicesToken, Map.of("text", " "), 400).get("field").asText()).isEqualTo("text");
    }

    @Test
    void viewersReadButCannotAct() {
        long id = fire(TestSift.unique("View"), "warning");
        assertThat(sift.get("/api/v1/incidents/" + id, viewersToken).statusCode()).isEqualTo(200);
        var r = sift.post("/api/v1/incidents/" + id + "/acknowledge", viewersToken, Map.of());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("has role viewer").contains("needs responder");
        assertThat(sift.post("/api/v1/integrations", alicesToken, Map.of("name", "x", "kind", "events"))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void listsFilterAndPageWithACursor() {
        String tag = TestSift.unique("Page");
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(fire(tag + "-" + i, i == 0 ? "critical" : "warning"));
        }
        Set<Long> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = sift.getJson("/api/v1/incidents?q=" + tag + "&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(i -> seen.add(i.get("id").asLong()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (cursor != null);
        assertThat(seen).isEqualTo(ids);
        assertThat(pages).isEqualTo(3);

        JsonNode p1 = sift.getJson("/api/v1/incidents?q=" + tag + "&priority=P1");
        assertThat(p1.get("items")).hasSize(1);
        JsonNode triggered = sift.getJson("/api/v1/incidents?q=" + tag + "&status=triggered,acknowledged&queue=db");
        assertThat(triggered.get("items")).hasSize(5);
        assertThat(sift.getJson("/api/v1/incidents?q=" + tag + "&status=closed").get("items")).isEmpty();
        JsonNode item = p1.get("items").get(0);
        assertThat(item.fieldNames()).toIterable().contains("id", "title", "status", "priority", "assignee", "queue",
                "createdAt", "updatedAt", "alertCount", "eventCount", "labels");
        assertThat(item.get("labels").get("team").asText()).isEqualTo("db");
    }

    @Test
    void usersAndTokens() {
        String bob = TestSift.unique("bob");
        String token = sift.user(bob, "viewer");
        assertThat(sift.body(sift.get("/api/v1/me", token)).get("username").asText()).isEqualTo(bob);
        var dup = sift.post("/api/v1/users", TestSift.ADMIN_TOKEN, Map.of("username", bob, "role", "viewer"));
        assertThat(dup.statusCode()).isEqualTo(409);
        var badRole = sift.post("/api/v1/users", TestSift.ADMIN_TOKEN, Map.of("username", "x1", "role", "king"));
        assertThat(badRole.statusCode()).isEqualTo(400);
        assertThat(badRole.body()).contains("unknown role 'king'");
        var tokens = sift.body(sift.get("/api/v1/users/" + bob + "/tokens", token));
        assertThat(tokens.get("items").get(0).has("token")).as("secrets are never shown again").isFalse();
        assertThat(sift.post("/api/v1/users/admin/tokens", token, Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    void integrationKeysAreShownOnceAndNeverListed() {
        var r = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN,
                Map.of("name", TestSift.unique("prom"), "kind", "alertmanager"));
        assertThat(r.statusCode()).isEqualTo(201);
        String key = sift.body(r).get("key").asText();
        assertThat(key).hasSize(32);
        assertThat(sift.get("/api/v1/integrations", TestSift.ADMIN_TOKEN).body()).doesNotContain(key);
        var bad = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN, Map.of("name", "x", "kind", "nagios"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("expected one of alertmanager, events");
    }

    @Test
    void healthReadinessMetricsAndOpenApiNeedNoToken() {
        assertThat(sift.get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(sift.get("/readyz", null).body()).contains("\"database\":\"reachable\"");
        fire(TestSift.unique("Metric"), "critical");
        String metrics = sift.get("/metrics", null).body();
        assertThat(metrics).contains("sift_signals_total{outcome=\"opened\",source=\"alertmanager\"}")
                .contains("sift_queue_depth").contains("sift_writer_commit_seconds")
                .contains("sift_writer_batch_size").contains("sift_ingest_latency_seconds")
                .contains("sift_incidents_open{priority=\"P1\",status=\"triggered\"}");
        // the alert just fired is held (the shared Sift holds other tests' alerts too)
        double held = metrics.lines().filter(l -> l.startsWith("sift_alerts_held "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
        assertThat(held).isGreaterThanOrEqualTo(1);
        assertThat(sift.get("/openapi.yaml", null).body()).contains("/api/v1/incidents/{id}/{action}");
    }
}
