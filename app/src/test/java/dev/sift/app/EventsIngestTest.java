package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP → PostgreSQL: the PagerDuty Events API v2 compatible endpoint. */
class EventsIngestTest {
    static TestSift sift;
    static String key;

    @BeforeAll
    static void start() {
        sift = TestSift.sharedWithoutGrouping(); // about one incident per alert: see TestSift
        key = sift.integration("events");
    }

    static Map<String, Object> trigger(String routingKey, String dedupKey, String summary, String severity) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("routing_key", routingKey);
        e.put("event_action", "trigger");
        if (dedupKey != null) {
            e.put("dedup_key", dedupKey);
        }
        e.put("payload", Map.of("summary", summary, "source", "db1", "severity", severity,
                "custom_details", Map.of("free", 97)));
        return e;
    }

    @Test
    void aTriggerWithoutDedupKeyGetsOneGeneratedAndReturned() {
        String summary = TestSift.unique("Disk full");
        var r = sift.post("/v2/enqueue", null, trigger(key, null, summary, "critical"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = sift.body(r);
        assertThat(body.get("status").asText()).isEqualTo("success");
        assertThat(body.get("message").asText()).isEqualTo("Event processed");
        String dedupKey = body.get("dedup_key").asText();
        assertThat(dedupKey).isNotBlank();

        JsonNode alerts = sift.getJson("/api/v1/alerts?q=" + summary.replace(" ", "%20")).get("items");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("dedupKey").asText()).isEqualTo(dedupKey);
        JsonNode incident = sift.getJson("/api/v1/incidents/" + alerts.get(0).get("incidentId").asLong());
        assertThat(incident.get("title").asText()).isEqualTo(summary);
        assertThat(incident.get("priority").asText()).isEqualTo("P1");
    }

    @Test
    void triggerAcknowledgeResolveByDedupKey() {
        String dedup = TestSift.unique("dk");
        assertThat(sift.post("/v2/enqueue", null, trigger(key, dedup, "Queue backlog " + dedup, "warning"))
                .statusCode()).isEqualTo(202);
        assertThat(sift.post("/v2/enqueue", null, trigger(key, dedup, "Queue backlog " + dedup, "error"))
                .statusCode()).isEqualTo(202);
        var ack = sift.post("/v2/enqueue", null, Map.of("routing_key", key, "event_action", "acknowledge",
                "dedup_key", dedup));
        assertThat(ack.statusCode()).isEqualTo(202);
        long id = sift.getJson("/api/v1/alerts?q=" + dedup).get("items").get(0).get("incidentId").asLong();
        JsonNode incident = sift.getJson("/api/v1/incidents/" + id);
        assertThat(incident.get("status").asText()).isEqualTo("acknowledged");
        assertThat(incident.get("eventCount").asLong()).isEqualTo(2);
        assertThat(incident.get("priority").asText()).as("severity rose to error").isEqualTo("P2");

        var resolve = sift.post("/v2/enqueue", null, Map.of("routing_key", key, "event_action", "resolve",
                "dedup_key", dedup));
        assertThat(resolve.statusCode()).isEqualTo(202);
        incident = sift.getJson("/api/v1/incidents/" + id);
        assertThat(incident.get("status").asText()).as("a source acknowledge is not a person").isEqualTo("resolved");
    }

    @Test
    void theSameDedupKeyOnAnotherIntegrationIsAnotherAlert() {
        String other = sift.integration("events");
        String dedup = TestSift.unique("shared-key");
        sift.post("/v2/enqueue", null, trigger(key, dedup, "A " + dedup, "info"));
        sift.post("/v2/enqueue", null, trigger(other, dedup, "B " + dedup, "info"));
        assertThat(sift.getJson("/api/v1/alerts?q=" + dedup).get("items")).hasSize(2);
    }

    @Test
    void invalidEventsGetPagerDutyShapedErrorsNamingEveryField() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("routing_key", key);
        e.put("event_action", "trigger");
        e.put("dedup_key", "x".repeat(256));
        e.put("payload", Map.of("summary", "s".repeat(1025), "severity", "fatal"));
        var r = sift.post("/v2/enqueue", null, e);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = sift.body(r);
        assertThat(body.get("status").asText()).isEqualTo("invalid event");
        assertThat(body.get("message").asText()).isEqualTo("Event object is invalid");
        assertThat(body.get("errors").toString())
                .contains("dedup_key is 256 characters")
                .contains("payload.summary is 1025 characters")
                .contains("payload.source is required")
                .contains("payload.severity must be one of critical, error, warning, info");
    }

    @Test
    void resolveNeedsADedupKeyAndUnknownKeysAreRefused() {
        var noKey = sift.post("/v2/enqueue", null, Map.of("routing_key", key, "event_action", "resolve"));
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.body()).contains("dedup_key is required for event_action resolve");

        var badAction = sift.post("/v2/enqueue", null, Map.of("routing_key", key, "event_action", "explode"));
        assertThat(badAction.body()).contains("event_action must be one of trigger, acknowledge, resolve");

        var unknown = sift.post("/v2/enqueue", null, trigger("0123456789abcdef0123456789abcdef", null, "x", "info"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown integration key in routing_key");
    }

    @Test
    void resolvingAnUnknownDedupKeyIsAcceptedAndChangesNothing() {
        var r = sift.post("/v2/enqueue", null, Map.of("routing_key", key, "event_action", "resolve",
                "dedup_key", TestSift.unique("never-triggered")));
        assertThat(r.statusCode()).isEqualTo(202);
    }
}
