package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Sift knows survives a clean restart: the engine's working set is rebuilt from PostgreSQL. */
class RestartTest {
    static String body(String alertname, String status) {
        return """
                {"version":"4","alerts":[{"status":"%s","labels":{"alertname":"%s","severity":"warning"},
                 "startsAt":"2026-11-22T07:00:00Z","endsAt":"%s"}]}"""
                .formatted(status, alertname, status.equals("firing") ? "0001-01-01T00:00:00Z" : "2026-11-22T08:00:00Z");
    }

    @Test
    void dedupOwnershipAndNumberingContinueAfterARestart(@TempDir Path home) {
        String key;
        long acked;
        long plain;
        try (TestSift first = TestSift.start(home)) {
            key = first.integration("alertmanager");
            first.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body("Owned", "firing").getBytes());
            first.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body("Plain", "firing").getBytes());
            acked = first.getJson("/api/v1/alerts?q=Owned").get("items").get(0).get("incidentId").asLong();
            plain = first.getJson("/api/v1/alerts?q=Plain").get("items").get(0).get("incidentId").asLong();
            first.post("/api/v1/incidents/" + acked + "/acknowledge", TestSift.ADMIN_TOKEN, Map.of());
            first.post("/api/v1/incidents/" + plain + "/priority", TestSift.ADMIN_TOKEN, Map.of("priority", "P1"));
        }
        try (TestSift second = TestSift.start(home)) {
            // a repeat joins the same incident: the fingerprint index was rebuilt
            second.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body("Plain", "firing").getBytes());
            JsonNode p = second.getJson("/api/v1/incidents/" + plain);
            assertThat(p.get("eventCount").asLong()).isEqualTo(2);
            assertThat(p.get("priority").asText()).as("a person's priority survives").isEqualTo("P1");

            // the person who took it still holds it when its alert resolves
            second.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body("Owned", "resolved").getBytes());
            JsonNode o = second.getJson("/api/v1/incidents/" + acked);
            assertThat(o.get("status").asText()).isEqualTo("acknowledged");
            assertThat(o.get("assignee").asText()).isEqualTo("admin");

            // numbering continues
            second.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body("Later", "firing").getBytes());
            long later = second.getJson("/api/v1/alerts?q=Later").get("items").get(0).get("incidentId").asLong();
            assertThat(later).isEqualTo(Math.max(acked, plain) + 1);
        }
    }
}
