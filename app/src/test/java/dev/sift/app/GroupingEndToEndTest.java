package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grouping through the whole Sift with the default configuration (intelligent grouping), PostgreSQL included:
 * two related Alertmanager alerts end in one incident, and the API shows why. A Sift of its own, so that the
 * learned state and the open incidents are this test's alone.
 */
class GroupingEndToEndTest {

    /** One Alertmanager notification: the group of zone AB with both alerts, as Alertmanager sends it. */
    private static byte[] notification(String registration, String tooFew, String other) {
        String alerts = alert(registration, "AB", "critical", "Endpoint registration failing in zone AB") + ","
                + alert(tooFew, "AB", "warning", "Too few endpoints registered in zone AB") + ","
                + alert(other, "XQ", "warning", "Disk almost full on a node in zone XQ");
        return """
                {"version":"4","status":"firing","receiver":"sift","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"http://alertmanager.example:9093","truncatedAlerts":0,
                 "alerts":[%s]}""".formatted(alerts).getBytes(StandardCharsets.UTF_8);
    }

    private static String alert(String name, String zone, String severity, String summary) {
        return """
                {"status":"firing","labels":{"alertname":"%s","zone":"%s","severity":"%s"},
                 "annotations":{"summary":"%s"},"startsAt":"2026-11-22T07:30:00Z","endsAt":"0001-01-01T00:00:00Z"}"""
                .formatted(name, zone, severity, summary);
    }

    @Test
    void twoRelatedAlertmanagerAlertsBecomeOneIncidentAndTheTimelineSaysWhy(@TempDir Path home) {
        try (TestSift sift = TestSift.start(home)) {
            String key = sift.integration("alertmanager");
            String registration = TestSift.unique("EndpointRegistrationFailure");
            String tooFew = TestSift.unique("TooFewEndpointsRegistered");
            String disk = TestSift.unique("DiskAlmostFull");
            byte[] body = notification(registration, tooFew, disk);

            // First notification: an alert from a source that re-sends waits alone until it is sent again.
            var first = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            long registrationIncident = incidentOf(sift, registration);
            long tooFewIncident = incidentOf(sift, tooFew);
            long diskIncident = incidentOf(sift, disk);
            assertThat(List.of(registrationIncident, tooFewIncident, diskIncident)).doesNotHaveDuplicates();
            JsonNode alone = sift.getJson("/api/v1/incidents/" + tooFewIncident);
            assertThat(kinds(alone)).containsExactly("opened");
            assertThat(alone.get("timeline").get(0).get("message").asText()).contains("; alone for now");

            // Alertmanager's repeat: both zone AB alerts persist, so they are grouped; zone XQ stays apart.
            var repeat = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body);
            assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(200);

            assertThat(incidentOf(sift, tooFew)).as("the later alert joined the earlier one's incident")
                    .isEqualTo(registrationIncident);
            assertThat(incidentOf(sift, disk)).as("another zone, nothing in common").isEqualTo(diskIncident);

            JsonNode grouped = sift.getJson("/api/v1/incidents/" + registrationIncident);
            assertThat(grouped.get("status").asText()).isEqualTo("triggered");
            assertThat(grouped.get("alertCount").asInt()).isEqualTo(2);
            assertThat(grouped.get("alerts").findValuesAsText("alertname")).containsExactlyInAnyOrder(registration,
                    tooFew);
            assertThat(grouped.get("priority").asText()).as("the worst alert's severity").isEqualTo("P1");
            JsonNode last = grouped.get("timeline").get(grouped.get("timeline").size() - 1);
            assertThat(last.get("kind").asText()).isEqualTo("grouped");
            assertThat(last.get("actor").asText()).isEqualTo("system");
            assertThat(last.get("alertId").isNull()).as("the entry names the alert that joined").isFalse();
            assertThat(last.get("message").asText())
                    .startsWith(tooFew + " joined from #" + tooFewIncident + ", which it opened: same zone AB; began ")
                    .contains(" after " + registration)
                    .containsPattern("; score [01]\\.\\d\\d");

            JsonNode merged = sift.getJson("/api/v1/incidents/" + tooFewIncident);
            assertThat(merged.get("status").asText()).as("the incident it left").isEqualTo("closed");
            assertThat(merged.get("alerts")).isEmpty();
            assertThat(kinds(merged)).last().isEqualTo("merged");
            JsonNode mergedEntry = merged.get("timeline").get(merged.get("timeline").size() - 1);
            assertThat(mergedEntry.get("message").asText())
                    .startsWith("merged into #" + registrationIncident + ": " + tooFew + " same zone AB; ");

            JsonNode apart = sift.getJson("/api/v1/incidents/" + diskIncident);
            assertThat(apart.get("status").asText()).isEqualTo("triggered");
            assertThat(apart.get("alertCount").asInt()).isEqualTo(1);
            assertThat(kinds(apart)).doesNotContain("merged");
        }
    }

    private static long incidentOf(TestSift sift, String alertname) {
        JsonNode items = sift.getJson("/api/v1/alerts?q=" + alertname).get("items");
        assertThat(items).as("alerts named %s", alertname).hasSize(1);
        return items.get(0).get("incidentId").asLong();
    }

    private static List<String> kinds(JsonNode incident) {
        return incident.get("timeline").findValuesAsText("kind");
    }
}
