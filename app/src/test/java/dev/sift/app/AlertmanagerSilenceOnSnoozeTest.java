package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.app.peers.AlertmanagerPeer;
import dev.sift.app.peers.LostAnswerProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snoozes written back to a real Alertmanager (Debian's prometheus-alertmanager on loopback): the alert comes from
 * Alertmanager, the incident is snoozed in Sift, and Alertmanager then holds a silence matching exactly that alert
 * until the snooze ends; ending the snooze early (acknowledging, resolving) expires it in Alertmanager.
 */
class AlertmanagerSilenceOnSnoozeTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    static TestSift sift;
    static AlertmanagerPeer alertmanager;
    static String alice;
    static String token;

    @BeforeAll
    static void start(@TempDir Path work) {
        sift = TestSift.start(TestSift.newHome(), TestSift.NO_GROUPING + """
                notifications:
                  backoff: 300ms
                """);
        String key = sift.integration("prom-am", "alertmanager");
        alertmanager = AlertmanagerPeer.start(work, sift.uri("/api/v1/integrations/alertmanager"), key);
        var r = sift.post("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN, Map.of("name", "am", "kind",
                "alertmanager", "config", Map.of("url", alertmanager.url().toString(), "silenceOnSnooze", true,
                        "integration", "prom-am")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        alice = TestSift.unique("alice");
        token = sift.user(alice, "responder");
    }

    @AfterAll
    static void stop() {
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (sift != null) {
            sift.close();
        }
    }

    static Map<String, String> labels(String alertname) {
        return Map.of("alertname", alertname, "zone", "XQ", "severity", "critical", "team", "serving");
    }

    long firingIncident(String name) {
        alertmanager.fire(labels(name), Map.of("summary", name + " failing"));
        return await().atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> sift.incidentOfAlertNamed(name), i -> i != null).get("id").asLong();
    }

    Instant snooze(long id) {
        var r = sift.post("/api/v1/incidents/" + id + "/snooze", token, Map.of("duration", "2h"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Instant.parse(sift.body(r).get("snoozedUntil").asText());
    }

    /** The silence in Alertmanager whose matchers are exactly these labels, or null. */
    JsonNode silenceFor(Map<String, String> labels) throws Exception {
        for (JsonNode s : sift.json.readTree(alertmanager.silencesJson())) {
            Map<String, String> matched = new HashMap<>();
            s.get("matchers").forEach(m -> {
                if (m.get("isEqual").asBoolean(true) && !m.get("isRegex").asBoolean()) {
                    matched.put(m.get("name").asText(), m.get("value").asText());
                }
            });
            if (matched.equals(labels)) {
                return s;
            }
        }
        return null;
    }

    @Test
    void snoozingSilencesTheAlertInAlertmanagerUntilTheSnoozeEndsAndAcknowledgingExpiresIt() {
        String name = TestSift.unique("AmSnooze");
        long id = firingIncident(name);
        Instant until = snooze(id);

        JsonNode silence = await().atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> silenceFor(labels(name)), s -> s != null && s.at("/status/state").asText().equals("active"));
        assertThat(Duration.between(Instant.parse(silence.get("endsAt").asText()), until).abs())
                .as("the silence ends with the snooze").isLessThan(Duration.ofSeconds(1));
        assertThat(silence.get("createdBy").asText()).isEqualTo("sift");
        assertThat(silence.get("comment").asText()).startsWith("Sift incident #" + id + " snoozed by " + alice
                + " until ");
        await().atMost(BOUND).untilAsserted(() -> assertThat(sift.getJson("/api/v1/incidents/" + id)
                .get("timeline").findValuesAsText("message"))
                .anyMatch(m -> m.startsWith("Alertmanager am: silenced until ")
                        && m.contains(silence.get("id").asText())));

        var ack = sift.post("/api/v1/incidents/" + id + "/acknowledge", token, Map.of());
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(
                () -> silenceFor(labels(name)).at("/status/state").asText(), "expired"::equals);
        await().atMost(BOUND).untilAsserted(() -> assertThat(sift.getJson("/api/v1/incidents/" + id)
                .get("timeline").findValuesAsText("message"))
                .anyMatch(m -> m.equals("Alertmanager am: snooze ended, expired silence " + silence.get("id")
                        .asText())));
    }

    @Test
    void resolvingASnoozedIncidentExpiresItsSilence() {
        String name = TestSift.unique("AmResolve");
        long id = firingIncident(name);
        snooze(id);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> silenceFor(labels(name)), s -> s != null && s.at("/status/state").asText().equals("active"));

        var r = sift.post("/api/v1/incidents/" + id + "/resolve", token, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(
                () -> silenceFor(labels(name)).at("/status/state").asText(), "expired"::equals);
    }

    @Test
    void aSilenceWhoseAnswerWasLostIsFoundNotMadeTwice() throws Exception {
        String name = TestSift.unique("AmLossy");
        try (var proxy = new LostAnswerProxy(alertmanager.url().toString(), "POST", "/api/v2/silences", 1)) {
            // A second target through a proxy that loses the first create's answer; it silences only this test's
            // incident's integration, as the first does, so each makes its own silence.
            var r = sift.post("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN, Map.of("name", "am-lossy", "kind",
                    "alertmanager", "config", Map.of("url", proxy.url(), "silenceOnSnooze", true,
                            "integration", "prom-am")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            long id = firingIncident(name);
            snooze(id);
            await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(
                    sift.getJson("/api/v1/incidents/" + id).get("timeline").findValuesAsText("message"))
                    .anyMatch(m -> m.startsWith("Alertmanager am-lossy: silenced until ")));
            assertThat(proxy.lost()).isEqualTo(1);
            long active = 0;
            for (JsonNode s : sift.json.readTree(alertmanager.silencesJson())) {
                if (s.get("comment").asText().startsWith("Sift incident #" + id + " ")
                        && s.at("/status/state").asText().equals("active")) {
                    active++;
                }
            }
            // one by "am", one by "am-lossy" (made once, though its answer was lost and the call retried)
            assertThat(active).isEqualTo(2);
        }
    }

    @Test
    void anAlertmanagerTargetWithoutSilenceOnSnoozeIsRefusedNamingTheField() {
        var r = sift.post("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN, Map.of("name", "am2", "kind",
                "alertmanager", "config", Map.of("url", alertmanager.url().toString())));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("config.silenceOnSnooze");
        assertThat(sift.getJson("/api/v1/ticket-systems").findValuesAsText("name")).as("listed with its health")
                .contains("am");
    }
}
