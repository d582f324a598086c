package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Transient rules and flap detection from the rules file, over HTTP with real PostgreSQL: a held alert is listed
 * as pending (in no incident, with its rule and deadline) and stays so across a restart; one that recovers is
 * auto-cleared (on the alert and in the metric, by rule) and never opens an incident; one still firing after a
 * short hold opens its incident, whose timeline says it was held; an alert that flaps keeps its incident, which
 * shows the flag.
 */
class TransientsEndToEndTest {
    static final String RULES = """
            transients:
              - name: long-hold
                matchers: ['alertname=~"Blip.*"']
                holdFor: 1h
              - name: short-hold
                matchers: ['alertname=~"Quick.*"']
                holdFor: 2s
            flapping: {changes: 4, window: 30m}
            """;

    static void send(TestSift sift, String key, String status, String alertname, Instant startsAt) {
        String body = """
                {"version":"4","status":"%1$s","receiver":"sift","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"http://am:9093","groupKey":"{}:{}",
                 "alerts":[{"status":"%1$s","labels":{"alertname":"%2$s","severity":"warning"},
                 "annotations":{"summary":"%2$s happened"},"startsAt":"%3$s","endsAt":"%4$s"}]}"""
                .formatted(status, alertname, startsAt, status.equals("firing") ? "0001-01-01T00:00:00Z"
                        : startsAt.plusSeconds(30));
        var r = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body.getBytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static JsonNode alertNamed(TestSift sift, String alertname) {
        JsonNode items = sift.getJson("/api/v1/alerts?q=" + alertname).get("items");
        assertThat(items).as("alerts named " + alertname).hasSize(1);
        return items.get(0);
    }

    static double metric(TestSift sift, String line) {
        return sift.get("/metrics", null).body().lines().filter(l -> l.startsWith(line + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    @Test
    void aPendingAlertIsListedAndSurvivesARestartAndOneThatRecoversIsAutoClearedWithoutAnIncident() {
        Path home = TestSift.newHome();
        String held = TestSift.unique("BlipHeld");
        String cleared = TestSift.unique("BlipCleared");
        Instant t0 = Instant.parse("2026-11-22T07:00:00Z");
        String until;
        try (TestSift first = TestSift.start(home, RULES)) {
            String key = first.integration("alertmanager");
            send(first, key, "firing", held, t0);
            send(first, key, "firing", cleared, t0);

            JsonNode pending = alertNamed(first, held);
            assertThat(pending.get("incidentId").isNull()).isTrue();
            assertThat(pending.get("status").asText()).isEqualTo("firing");
            assertThat(pending.get("held").get("rule").asText()).isEqualTo("long-hold");
            assertThat(pending.get("held").get("pending").asBoolean()).isTrue();
            assertThat(pending.get("held").get("reason").asText()).isEqualTo("held by rule 'long-hold': holdFor 1h");
            until = pending.get("held").get("until").asText();
            assertThat(first.getJson("/api/v1/alerts?status=pending").get("items").findValuesAsText("title"))
                    .contains(held + " happened", cleared + " happened");
            assertThat(first.getJson("/api/v1/alerts?status=silenced").get("items").findValuesAsText("title"))
                    .as("pending is not silenced").doesNotContain(held + " happened");

            send(first, key, "resolved", cleared, t0);

            JsonNode autoCleared = alertNamed(first, cleared);
            assertThat(autoCleared.get("status").asText()).isEqualTo("resolved");
            assertThat(autoCleared.get("resolution").asText()).isEqualTo("auto-cleared");
            assertThat(autoCleared.get("incidentId").isNull()).isTrue();
            assertThat(autoCleared.get("held").get("pending").asBoolean()).isFalse();
            assertThat(autoCleared.get("held").get("reason").asText())
                    .startsWith("auto-cleared: recovered after").endsWith("while held by rule 'long-hold': holdFor 1h");
            assertThat(first.getJson("/api/v1/alerts?status=pending").get("items").findValuesAsText("title"))
                    .doesNotContain(cleared + " happened");
            assertThat(metric(first, "sift_alerts_auto_cleared_total{rule=\"long-hold\"}")).isEqualTo(1);
            assertThat(first.sqlLong("select count(*) from alerts where resolution = 'auto-cleared'"
                    + " and held_by = 'long-hold' and labels->>'alertname' = ?", cleared)).isEqualTo(1);
            assertThat(first.sqlLong("select count(*) from incidents where title like ?", "%Blip%")).isZero();
            assertThat(first.getJson("/api/v1/rules").get("transients").get(1).get("holdFor").asText())
                    .isEqualTo("2s");
        }
        try (TestSift second = TestSift.start(home, RULES)) {
            JsonNode stillPending = alertNamed(second, held);
            assertThat(stillPending.get("held").get("pending").asBoolean()).isTrue();
            assertThat(stillPending.get("held").get("until").asText()).isEqualTo(until);
            String key = second.integration("alertmanager");
            send(second, key, "firing", held, t0);
            assertThat(alertNamed(second, held).get("count").asLong()).isEqualTo(2);
            assertThat(alertNamed(second, held).get("incidentId").isNull()).isTrue();
        }
    }

    @Test
    void anAlertStillFiringAfterItsHoldOpensAnIncidentThatSaysItWasHeld() {
        try (TestSift sift = TestSift.start(TestSift.newHome(), RULES)) {
            String key = sift.integration("alertmanager");
            String quick = TestSift.unique("QuickFail");
            send(sift, key, "firing", quick, Instant.parse("2026-11-22T07:00:00Z"));
            assertThat(alertNamed(sift, quick).get("held").get("pending").asBoolean()).isTrue();

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> !alertNamed(sift, quick).get("incidentId").isNull());

            JsonNode incident = sift.incidentOfAlertNamed(quick);
            assertThat(incident.get("status").asText()).isEqualTo("triggered");
            assertThat(incident.get("timeline").get(0).get("message").asText()).contains("after its hold: held")
                    .contains("by rule 'short-hold', still firing after 2s (1 signal)");
            assertThat(incident.get("alerts").get(0).get("held").get("rule").asText()).isEqualTo("short-hold");
        }
    }

    @Test
    void aFlappingAlertKeepsItsIncidentWhichShowsTheFlag() {
        try (TestSift sift = TestSift.start(TestSift.newHome(), RULES)) {
            String key = sift.integration("alertmanager");
            String flappy = TestSift.unique("LinkFlaps");
            Instant t = Instant.parse("2026-11-22T07:00:00Z");
            send(sift, key, "firing", flappy, t);
            for (int i = 1; i <= 2; i++) { // each episode starts later: not a late retry of the one before
                send(sift, key, "resolved", flappy, t.plusSeconds(60 * i - 30));
                send(sift, key, "firing", flappy, t.plusSeconds(60 * i));
            }

            JsonNode incident = sift.incidentOfAlertNamed(flappy);
            assertThat(incident.get("flapping").asBoolean()).isTrue();
            assertThat(incident.get("alerts")).hasSize(1);
            assertThat(incident.get("alerts").get(0).get("flapping").asBoolean()).isTrue();
            assertThat(incident.get("alerts").get(0).get("episode").asInt()).isEqualTo(3);
            assertThat(incident.get("timeline").findValuesAsText("message")).contains(flappy + " is flapping: 4 state"
                    + " changes within 30m (firing ↔ resolved); it stays in this incident and its notifications are"
                    + " muted until it is quiet for 30m");
            JsonNode listed = sift.getJson("/api/v1/incidents?q=" + flappy).get("items").get(0);
            assertThat(listed.get("flapping").asBoolean()).isTrue();
        }
    }
}
