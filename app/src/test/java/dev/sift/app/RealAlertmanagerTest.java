package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.app.peers.AlertmanagerPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager (Debian's prometheus-alertmanager, started on loopback) posts its webhooks to Sift with an
 * integration key as bearer token; alerts are posted to Alertmanager the way Prometheus does.
 */
class RealAlertmanagerTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    static TestSift sift;
    static AlertmanagerPeer alertmanager;

    @BeforeAll
    static void start(@TempDir Path work) {
        sift = TestSift.shared();
        String key = sift.integration("alertmanager");
        alertmanager = AlertmanagerPeer.start(work, sift.uri("/api/v1/integrations/alertmanager"), key);
    }

    @AfterAll
    static void stop() {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    static Map<String, String> labels(String alertname) {
        return Map.of("alertname", alertname, "zone", "XQ", "severity", "critical", "team", "serving");
    }

    static JsonNode awaitIncident(String alertname, String status) {
        return await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(
                () -> sift.incidentOfAlertNamed(alertname),
                i -> i != null && i.get("status").asText().equals(status));
    }

    @Test
    void firingOpensOneIncidentAndResolvingResolvesIt() {
        String name = TestSift.unique("RealFire");
        alertmanager.fire(labels(name), Map.of("summary", "Registration failing in XQ"));
        JsonNode incident = awaitIncident(name, "triggered");
        assertThat(incident.get("title").asText()).isEqualTo("Registration failing in XQ");
        assertThat(incident.get("priority").asText()).isEqualTo("P1");
        assertThat(incident.get("queue").asText()).isEqualTo("serving");
        assertThat(incident.get("alertCount").asInt()).isEqualTo(1);

        alertmanager.fire(labels(name), Map.of("summary", "Registration failing in XQ")); // Prometheus re-sends
        alertmanager.resolve(labels(name));
        JsonNode resolved = awaitIncident(name, "resolved");
        assertThat(resolved.get("alerts").get(0).get("status").asText()).isEqualTo("resolved");
        assertThat(sift.getJson("/api/v1/alerts?q=" + name).get("items")).as("still one alert").hasSize(1);
        assertThat(resolved.get("timeline").findValuesAsText("actor")).last().isEqualTo("system");
    }

    @Test
    void anAcknowledgedIncidentStaysWithItsOwnerWhenTheAlertResolves() {
        String name = TestSift.unique("RealAck");
        String dana = TestSift.unique("dana");
        String token = sift.user(dana, "responder");
        alertmanager.fire(labels(name), Map.of("summary", "Model stale in XQ"));
        long id = awaitIncident(name, "triggered").get("id").asLong();
        assertThat(sift.post("/api/v1/incidents/" + id + "/acknowledge", token, Map.of()).statusCode()).isEqualTo(200);

        alertmanager.resolve(labels(name));
        JsonNode after = await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(
                () -> sift.getJson("/api/v1/incidents/" + id),
                i -> i.get("alerts").get(0).get("status").asText().equals("resolved"));
        assertThat(after.get("status").asText()).isEqualTo("acknowledged");
        assertThat(after.get("assignee").asText()).isEqualTo(dana);
        assertThat(after.get("timeline").findValuesAsText("message"))
                .anyMatch(m -> m.startsWith("all alerts recovered; the incident stays with " + dana));
    }
}
