package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inhibition from the rules file, over HTTP with real PostgreSQL: a warning in a zone whose ZoneDown fires is
 * attached to ZoneDown's incident as a related alert (stored, counted, in that incident's alerts and timeline with
 * the reason), and stays so across a restart; when ZoneDown resolves, the warning that still fires opens its own
 * incident, with a note on both.
 */
class InhibitionEndToEndTest {
    static final String RULES = """
            inhibit:
              - name: zone-down
                source: ['alertname="ZoneDown"']
                target: ['severity="warning"']
                equal: [zone]
            """;

    static void send(TestSift sift, String key, String status, String alertname, String zone, String severity) {
        String body = """
                {"version":"4","status":"%1$s","receiver":"sift","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"http://am:9093","groupKey":"{}:{}",
                 "alerts":[{"status":"%1$s","labels":{"alertname":"%2$s","zone":"%3$s","severity":"%4$s"},
                 "annotations":{"summary":"%2$s in zone %3$s"},"startsAt":"2026-11-22T07:00:00Z",
                 "endsAt":"%5$s"}]}"""
                .formatted(status, alertname, zone, severity, status.equals("firing") ? "0001-01-01T00:00:00Z"
                        : "2026-11-22T08:00:00Z");
        var r = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body.getBytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static JsonNode alertNamed(TestSift sift, String alertname) {
        JsonNode items = sift.getJson("/api/v1/alerts?q=" + alertname).get("items");
        assertThat(items).as("alerts named " + alertname).hasSize(1);
        return items.get(0);
    }

    static List<String> messages(JsonNode incident, String kind) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : incident.get("timeline")) {
            if (e.get("kind").asText().equals(kind)) {
                out.add(e.get("message").asText());
            }
        }
        return out;
    }

    @Test
    void anInhibitedAlertIsARelatedAlertOfTheSourcesIncidentAndOpensItsOwnWhenTheSourceResolves() {
        Path home = TestSift.newHome();
        String lag = TestSift.unique("ReplicaLag");
        String zone = TestSift.unique("AB");
        long sourceIncident;
        try (TestSift first = TestSift.start(home, RULES)) {
            String key = first.integration("alertmanager");
            send(first, key, "firing", "ZoneDown", zone, "critical");
            send(first, key, "firing", lag, zone, "warning");
            send(first, key, "firing", lag, zone, "warning");

            JsonNode source = first.incidentOfAlertNamed("ZoneDown");
            sourceIncident = source.get("id").asLong();
            JsonNode inZone = alertNamed(first, lag);
            assertThat(inZone.get("incidentId").asLong()).isEqualTo(sourceIncident);
            assertThat(inZone.get("count").asLong()).isEqualTo(2);
            assertThat(inZone.get("inhibited").get("reason").asText())
                    .isEqualTo("inhibited by ZoneDown in #" + sourceIncident + ": rule 'zone-down', equal zone=" + zone);
            assertThat(source.get("alerts").findValuesAsText("title")).contains(lag + " in zone " + zone);
            assertThat(first.getJson("/api/v1/alerts?status=inhibited").get("items").findValuesAsText("title"))
                    .containsExactly(lag + " in zone " + zone);
            assertThat(messages(source, "inhibited")).containsExactly(lag + " inhibited by ZoneDown in #"
                    + sourceIncident + ": rule 'zone-down', equal zone=" + zone);
            assertThat(first.sqlLong("select count(*) from incidents where labels->>'zone' = ?", zone))
                    .as("no incident of its own").isEqualTo(1);
            assertThat(first.getJson("/api/v1/rules").get("inhibit").get(0).get("equal").get(0).asText())
                    .isEqualTo("zone");
        }
        try (TestSift second = TestSift.start(home, RULES)) {
            String key = second.integration("alertmanager");
            send(second, key, "firing", lag, zone, "warning");
            JsonNode stillAttached = second.getJson("/api/v1/incidents/" + sourceIncident);
            assertThat(stillAttached.get("alerts")).hasSize(2);

            send(second, key, "resolved", "ZoneDown", zone, "critical");

            JsonNode released = alertNamed(second, lag);
            long ownIncident = released.get("incidentId").asLong();
            assertThat(ownIncident).isNotEqualTo(sourceIncident);
            assertThat(released.has("inhibited")).isFalse();
            assertThat(second.getJson("/api/v1/alerts?status=inhibited").get("items")).isEmpty();
            JsonNode opened = second.getJson("/api/v1/incidents/" + ownIncident);
            assertThat(opened.get("status").asText()).isEqualTo("triggered");
            assertThat(messages(opened, "opened").getFirst()).contains("when its inhibition ended: ZoneDown resolved"
                    + " in #" + sourceIncident + " while it still fires").contains("3 signals while inhibited");
            JsonNode resolved = second.getJson("/api/v1/incidents/" + sourceIncident);
            assertThat(resolved.get("status").asText()).isEqualTo("resolved");
            assertThat(messages(resolved, "inhibited")).last().isEqualTo(lag + " is no longer inhibited: ZoneDown"
                    + " resolved in #" + sourceIncident + "; it opened #" + ownIncident);
        }
    }
}
