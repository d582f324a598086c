package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP → PostgreSQL: the Alertmanager webhook with the captured real payloads. */
class AlertmanagerIngestTest {
    static TestSift sift;
    static String key;

    @BeforeAll
    static void start() {
        sift = TestSift.sharedWithoutGrouping(); // about one incident per alert: see TestSift
        key = sift.integration("alertmanager");
    }

    static String fixture(String name) throws Exception {
        // Captured from a real Alertmanager 0.25 (see shared/reference/real-peers.md), copied into the tests.
        try (var in = AlertmanagerIngestTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The fixture with a unique alert name, so that this test owns its incident. */
    static byte[] withAlertname(String json, String alertname) {
        return json.replace("EndpointRegistrationTransientFailure", alertname).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void repeatedFiringWebhooksMakeOneIncidentWithACount() throws Exception {
        String name = TestSift.unique("Repeat");
        byte[] firing = withAlertname(fixture("alertmanager-webhook-firing.json"), name);
        String firstLastSeen = null;
        for (int i = 0; i < 3; i++) {
            var r = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", firing);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            if (i == 0) {
                firstLastSeen = sift.incidentOfAlertNamed(name).get("lastSeen").asText();
            }
        }
        JsonNode incident = sift.incidentOfAlertNamed(name);
        assertThat(java.time.Instant.parse(incident.get("lastSeen").asText()))
                .as("repeats move last seen").isAfter(java.time.Instant.parse(firstLastSeen));
        assertThat(incident.get("firstSeen").asText()).isEqualTo(firstLastSeen);
        assertThat(incident.get("status").asText()).isEqualTo("triggered");
        assertThat(incident.get("priority").asText()).isEqualTo("P3"); // severity warning
        assertThat(incident.get("alertCount").asInt()).isEqualTo(1);
        assertThat(incident.get("eventCount").asLong()).isEqualTo(3);
        assertThat(incident.get("title").asText()).isEqualTo("Endpoint registration failing in zone XQ (synthetic)");
        JsonNode alert = incident.get("alerts").get(0);
        assertThat(alert.get("count").asLong()).isEqualTo(3);
        assertThat(alert.get("upstreamFingerprint").asText()).as("Alertmanager's fingerprint, kept for reference")
                .isEqualTo("e418ff6edd257ff0");
        assertThat(alert.get("fingerprint").asText()).hasSize(32);
        assertThat(incident.get("timeline").get(0).get("kind").asText()).isEqualTo("opened");
    }

    @Test
    void aResolvedWebhookResolvesTheAlertAndTheIncidentNobodyTook() throws Exception {
        String name = TestSift.unique("Resolve");
        sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json",
                withAlertname(fixture("alertmanager-webhook-firing.json"), name));
        var r = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json",
                withAlertname(fixture("alertmanager-webhook-resolved.json"), name));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode incident = sift.incidentOfAlertNamed(name);
        assertThat(incident.get("status").asText()).isEqualTo("resolved");
        assertThat(incident.get("alerts").get(0).get("status").asText()).isEqualTo("resolved");
        assertThat(incident.get("alerts").get(0).get("resolvedAt").asText()).isEqualTo("2026-11-22T07:30:47.800Z");
        assertThat(incident.get("alerts").get(0).get("annotations").get("summary").asText())
                .as("rewriting the alert's state keeps the annotations stored when it was opened")
                .isEqualTo("Endpoint registration failing in zone XQ (synthetic)");
        assertThat(incident.get("timeline").findValuesAsText("kind")).containsSubsequence("opened", "alert-resolved",
                "resolved");
    }

    @Test
    void aGroupWithTwoAlertsMakesTwoIncidents() throws Exception {
        String name = TestSift.unique("Pair");
        String body = fixture("alertmanager-webhook-firing-2-alerts.json");
        String alertname = sift.json.readTree(body).get("alerts").get(0).get("labels").get("alertname").asText();
        var r = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json",
                body.replace(alertname, name).getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(sift.body(r).get("incidents").size()).isEqualTo(2);
        assertThat(sift.getJson("/api/v1/alerts?q=" + name).get("items").size()).isEqualTo(2);
    }

    @Test
    void alertsWithoutStatusOrFingerprintAreAccepted() {
        String name = TestSift.unique("Lenient");
        String body = """
                {"version":"4","status":"firing","alerts":[
                  {"labels":{"alertname":"%s","severity":"critical"},"annotations":{},
                   "startsAt":"2026-11-22T07:30:32Z","endsAt":"0001-01-01T00:00:00Z"}]}""".formatted(name);
        var r = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json",
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode incident = sift.incidentOfAlertNamed(name);
        assertThat(incident.get("priority").asText()).isEqualTo("P1");
        assertThat(incident.get("title").asText()).isEqualTo(name);
    }
}
