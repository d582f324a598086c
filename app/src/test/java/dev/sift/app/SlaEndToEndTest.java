package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SLA clocks through HTTP and real PostgreSQL: the policy, due times, states and breaches in the API (detail and
 * list), a breach on the timeline when the clock that Sift runs by passes the due time, a raise of priority, and the
 * clocks after a restart.
 */
class SlaEndToEndTest {
    static final String RULES = TestSift.NO_GROUPING + """
            sla:
              policies:
                - name: P1-default
                  priorities: [P1]
                  acknowledgeWithin: 15m
                  resolveWithin: 4h
                - name: db-P3
                  queues: [db]
                  priorities: [P3]
                  acknowledgeWithin: 1h
                  raiseTo: P1
            """;
    static final Duration WAIT = Duration.ofSeconds(15);

    static final MovableClock clock = new MovableClock();
    static TestSift sift;
    static String key;

    @BeforeAll
    static void start() {
        sift = TestSift.start(TestSift.newHome(), RULES, clock);
        key = sift.integration("alertmanager");
    }

    @AfterAll
    static void stop() {
        sift.close();
    }

    static long fire(TestSift sift, String key, String alertname, String severity, String team) {
        String body = """
                {"version":"4","status":"firing","receiver":"sift","groupLabels":{"alertname":"%1$s"},
                 "commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093","groupKey":"{}:{}",
                 "alerts":[{"status":"firing","labels":{"alertname":"%1$s","severity":"%2$s","team":"%3$s"},
                 "annotations":{"summary":"%1$s is failing"},"startsAt":"2026-11-22T07:00:00Z",
                 "endsAt":"0001-01-01T00:00:00Z"}]}"""
                .formatted(alertname, severity, team);
        var r = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body.getBytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return sift.body(r).get("incidents").get(0).asLong();
    }

    static List<String> breaches(JsonNode incident) {
        List<String> out = new ArrayList<>();
        incident.get("timeline").forEach(e -> {
            if (e.get("kind").asText().equals("sla-breached")) {
                out.add(e.get("message").asText());
            }
        });
        return out;
    }

    @Test
    void theApiShowsThePolicyDueTimesAndStateAndABreachLandsOnTheTimeline() {
        long id = fire(sift, key, TestSift.unique("DbDown"), "critical", "web");
        JsonNode incident = sift.getJson("/api/v1/incidents/" + id);
        Instant created = Instant.parse(incident.get("createdAt").asText());

        JsonNode sla = incident.get("sla");
        assertThat(sla.get("policy").asText()).isEqualTo("P1-default");
        assertThat(Instant.parse(sla.get("ackDueAt").asText())).isEqualTo(created.plus(Duration.ofMinutes(15)));
        assertThat(Instant.parse(sla.get("resolveDueAt").asText())).isEqualTo(created.plus(Duration.ofHours(4)));
        assertThat(sla.get("ackState").asText()).isEqualTo("running");
        assertThat(sla.get("ackBreached").asBoolean()).isFalse();
        assertThat(sla.get("ackRemainingSeconds").asLong()).isBetween(0L, 900L);
        JsonNode listed = listed(id);
        assertThat(listed.get("sla").get("policy").asText()).isEqualTo("P1-default");
        assertThat(listed.get("sla").get("ackDueAt").asText()).isEqualTo(sla.get("ackDueAt").asText());

        clock.advance(Duration.ofMinutes(16));

        await().atMost(WAIT).until(() -> sift.getJson("/api/v1/incidents/" + id).get("sla").get("ackBreached")
                .asBoolean());
        JsonNode breached = sift.getJson("/api/v1/incidents/" + id);
        assertThat(breaches(breached)).containsExactly("SLA breached: not acknowledged within 15m (policy P1-default)");
        assertThat(breached.get("sla").get("ackState").asText()).isEqualTo("breached");
        assertThat(breached.get("sla").get("ackRemainingSeconds").isNull()).isTrue();

        var ack = sift.post("/api/v1/incidents/" + id + "/acknowledge", TestSift.ADMIN_TOKEN, Map.of());
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        JsonNode acked = sift.getJson("/api/v1/incidents/" + id).get("sla");
        assertThat(acked.get("ackState").asText()).isEqualTo("breached"); // a breach stays a breach
        assertThat(acked.get("resolveState").asText()).isEqualTo("running");
    }

    @Test
    void aBreachRaisesThePriorityWhenThePolicySaysSo() {
        long id = fire(sift, key, TestSift.unique("DbSlow"), "warning", "db");
        JsonNode incident = sift.getJson("/api/v1/incidents/" + id);
        assertThat(incident.get("priority").asText()).isEqualTo("P3");
        assertThat(incident.get("sla").get("policy").asText()).isEqualTo("db-P3");

        clock.advance(Duration.ofMinutes(61));

        await().atMost(WAIT).until(() -> sift.getJson("/api/v1/incidents/" + id).get("priority").asText()
                .equals("P1"));
        JsonNode raised = sift.getJson("/api/v1/incidents/" + id);
        assertThat(breaches(raised)).containsExactly(
                "SLA breached: not acknowledged within 1h (policy db-P3); priority P3 → P1");
        assertThat(raised.get("sla").get("policy").asText()).isEqualTo("P1-default"); // chosen again for P1
    }

    @Test
    void theClocksAreStoredAndRunOnAfterARestart() {
        var home = TestSift.newHome();
        var own = new MovableClock();
        long id;
        String ackDue;
        try (TestSift first = TestSift.start(home, RULES, own)) {
            String k = first.integration("alertmanager");
            id = fire(first, k, TestSift.unique("DbDown"), "critical", "web");
            own.advance(Duration.ofMinutes(5));
            var snooze = first.post("/api/v1/incidents/" + id + "/snooze", TestSift.ADMIN_TOKEN,
                    Map.of("duration", "10m"));
            assertThat(snooze.statusCode()).as(snooze.body()).isEqualTo(200);
            ackDue = first.getJson("/api/v1/incidents/" + id).get("sla").get("ackDueAt").asText();
        }
        try (TestSift second = TestSift.start(home, RULES, own)) {
            JsonNode sla = second.getJson("/api/v1/incidents/" + id).get("sla");
            assertThat(sla.get("ackDueAt").asText()).isEqualTo(ackDue); // 15m + the 10m snooze after the start
            assertThat(sla.get("ackState").asText()).isEqualTo("paused");

            own.advance(Duration.ofMinutes(19)); // 24 minutes after the start: not due yet
            await().atMost(WAIT).until(() -> second.getJson("/api/v1/incidents/" + id).get("status").asText()
                    .equals("triggered")); // the snooze ended
            assertThat(breaches(second.getJson("/api/v1/incidents/" + id))).isEmpty();
            own.advance(Duration.ofMinutes(1));
            await().atMost(WAIT).until(() -> !breaches(second.getJson("/api/v1/incidents/" + id)).isEmpty());
            assertThat(Instant.parse(ackDue)).isEqualTo(Instant.parse(second.getJson("/api/v1/incidents/" + id)
                    .get("createdAt").asText()).plus(Duration.ofMinutes(25)));
        }
    }

    static JsonNode listed(long id) {
        for (JsonNode i : sift.getJson("/api/v1/incidents?limit=200").get("items")) {
            if (i.get("id").asLong() == id) {
                return i;
            }
        }
        throw new AssertionError("incident " + id + " is not listed");
    }
}
