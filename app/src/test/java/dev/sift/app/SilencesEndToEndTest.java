package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Silences through the HTTP API with real PostgreSQL: alerts under a silence are stored and visible as silenced
 * (with the silence and reason) but open no incident; expiring the silence opens the incidents of those still
 * firing; a recovery under a silence is processed; the silence survives a restart. Also the rules file's
 * maintenance windows, shown by GET /api/v1/rules.
 */
class SilencesEndToEndTest {
    static final String RULES = """
            maintenance:
              - name: always-for-batch
                matchers: ['team="batch"']
                every: [mon, tue, wed, thu, fri, sat, sun]
                from: "00:00"
                to: "24:00"
                timeZone: Europe/Berlin
            """;

    static TestSift sift;
    static String key;
    static String alice;
    static String aliceName;

    @BeforeAll
    static void start() {
        sift = TestSift.start(TestSift.newHome());
        key = sift.integration("alertmanager");
        aliceName = TestSift.unique("alice");
        alice = sift.user(aliceName, "responder");
    }

    @AfterAll
    static void stop() {
        sift.close();
    }

    static void send(String status, String alertname, String team) {
        String body = """
                {"version":"4","status":"%1$s","receiver":"sift","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"http://am:9093","groupKey":"{}:{}",
                 "alerts":[{"status":"%1$s","labels":{"alertname":"%2$s","team":"%3$s","severity":"critical"},
                 "annotations":{"summary":"%2$s is failing"},"startsAt":"2026-11-22T07:00:00Z",
                 "endsAt":"%4$s"}]}"""
                .formatted(status, alertname, team, status.equals("firing") ? "0001-01-01T00:00:00Z"
                        : "2026-11-22T08:00:00Z");
        var r = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body.getBytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static JsonNode alertNamed(String alertname) {
        JsonNode items = sift.getJson("/api/v1/alerts?q=" + alertname).get("items");
        assertThat(items).as("alerts named " + alertname).hasSize(1);
        return items.get(0);
    }

    static JsonNode createSilence(String token, Object body) {
        var r = sift.post("/api/v1/silences", token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return sift.body(r);
    }

    /** Waits for a condition the writer makes true by itself (a timer), with a bound. */
    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.get()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(50); // polling pace only; the condition decides
        }
    }

    @Test
    void anAlertUnderASilenceIsVisibleAsSilencedAndOpensItsIncidentWhenTheSilenceIsExpired() {
        String team = TestSift.unique("db");
        JsonNode silence = createSilence(alice, Map.of("matchers", List.of("team=\"" + team + "\""),
                "duration", "2h", "comment", "moving the database"));
        long id = silence.get("id").asLong();
        assertThat(silence.get("state").asText()).isEqualTo("active");
        assertThat(silence.get("createdBy").asText()).as("the person behind the token").isEqualTo(aliceName);
        assertThat(silence.get("matchers")).hasSize(1);

        String name = TestSift.unique("DbDown");
        send("firing", name, team);
        send("firing", name, team);

        JsonNode a = alertNamed(name);
        assertThat(a.get("incidentId").isNull()).isTrue();
        assertThat(a.get("count").asLong()).isEqualTo(2);
        assertThat(a.get("silenced").get("by").asText()).isEqualTo("silence:" + id);
        assertThat(a.get("silenced").get("reason").asText()).contains("silence " + id + " by " + aliceName)
                .contains("\"moving the database\"");
        JsonNode silenced = sift.getJson("/api/v1/alerts?status=silenced").get("items");
        assertThat(silenced.findValuesAsText("title")).contains(name + " is failing");
        assertThat(sift.getJson("/api/v1/silences?state=active").get("items").findValuesAsText("comment"))
                .contains("moving the database");

        var expired = sift.delete("/api/v1/silences/" + id, alice);
        assertThat(expired.statusCode()).as(expired.body()).isEqualTo(200);
        assertThat(sift.body(expired).get("state").asText()).isEqualTo("expired");

        JsonNode incident = sift.incidentOfAlertNamed(name);
        assertThat(incident.get("status").asText()).isEqualTo("triggered");
        assertThat(incident.get("timeline").get(0).get("message").asText())
                .contains("when its silence ended: it still fires").contains("2 signals while silenced by silence " + id);
        assertThat(sift.delete("/api/v1/silences/" + id, alice).statusCode()).isEqualTo(409);
        assertThat(sift.delete("/api/v1/silences/999999", alice).statusCode()).isEqualTo(404);
    }

    @Test
    void aRecoveryUnderASilenceIsProcessedAndTheEndOfTheSilenceOpensNothing() throws InterruptedException {
        String team = TestSift.unique("web");
        JsonNode silence = createSilence(alice, Map.of("matchers", List.of("team=\"" + team + "\""),
                "endsAt", Instant.now().plusSeconds(2).toString(), "comment", "deploy"));
        String name = TestSift.unique("WebDown");
        String other = TestSift.unique("WebSlow");
        send("firing", name, team);
        send("firing", other, team);
        send("resolved", name, team);

        JsonNode a = alertNamed(name);
        assertThat(a.get("status").asText()).isEqualTo("resolved");
        assertThat(a.get("resolution").asText()).isEqualTo("resolved by source");
        assertThat(a.get("silenced").get("by").asText()).isEqualTo("silence:" + silence.get("id").asLong());

        // The silence ends by itself: the alert still firing opens its incident, the recovered one never does.
        await("the still firing alert to open its incident", () -> !alertNamed(other).get("incidentId").isNull());
        assertThat(alertNamed(name).get("incidentId").isNull()).isTrue();
        assertThat(sift.getJson("/api/v1/silences/" + silence.get("id").asLong()).get("state").asText())
                .isEqualTo("expired");
    }

    @Test
    void invalidSilencesAreRefusedWithAProblemNamingTheField() {
        record Case(Object body, String field, String detail) {}
        var cases = List.of(
                new Case(Map.of("duration", "1h", "comment", "x"), "matchers", "matchers: is required"),
                new Case(Map.of("matchers", List.of(), "duration", "1h", "comment", "x"), "matchers",
                        "matchers: must be a non-empty list of matcher strings"),
                new Case(Map.of("matchers", List.of("team==\"db\""), "duration", "1h", "comment", "x"), "matchers[0]",
                        "matchers[0]: invalid matcher 'team==\"db\"'"),
                new Case(Map.of("matchers", List.of("a=b"), "comment", "x"), "endsAt",
                        "give exactly one of 'endsAt'"),
                new Case(Map.of("matchers", List.of("a=b"), "endsAt", "2020-01-01T00:00:00Z", "comment", "x"),
                        "endsAt", "endsAt: must be in the future"),
                new Case(Map.of("matchers", List.of("a=b"), "duration", "soon", "comment", "x"), "duration",
                        "duration: "),
                new Case(Map.of("matchers", List.of("a=b"), "duration", "1h"), "comment", "comment: is required"),
                new Case(Map.of("matchers", List.of("a=b"), "duration", "1h", "comment", " "), "comment",
                        "comment: must not be empty"));
        for (Case c : cases) {
            var r = sift.post("/api/v1/silences", alice, c.body());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(sift.body(r).get("field").asText()).as(r.body()).isEqualTo(c.field());
            assertThat(sift.body(r).get("detail").asText()).as(r.body()).startsWith(c.detail());
        }
        String viewer = sift.user(TestSift.unique("vera"), "viewer");
        assertThat(sift.post("/api/v1/silences", viewer, Map.of("matchers", List.of("a=b"), "duration", "1h",
                "comment", "x")).statusCode()).isEqualTo(403);
    }

    @Test
    void silencesAndSilencedAlertsSurviveARestartAndAMaintenanceWindowOfTheRulesFileMutes() throws Exception {
        Path home = TestSift.newHome();
        Path rules = Files.writeString(home.resolve("sift.yaml"), RULES);
        String name = TestSift.unique("BatchLate");
        String dbName = TestSift.unique("DbLate");
        long silenceId;
        try (TestSift first = TestSift.start(home, s -> s.withConfigFile(rules))) {
            String k = first.integration("alertmanager");
            var silence = first.post("/api/v1/silences", TestSift.ADMIN_TOKEN, Map.of("matchers",
                    List.of("team=\"db\""), "duration", "1d", "comment", "migration"));
            silenceId = first.body(silence).get("id").asLong();
            for (String[] alert : new String[][] {{name, "batch"}, {dbName, "db"}}) {
                String body = """
                        {"version":"4","status":"firing","alerts":[{"status":"firing",
                         "labels":{"alertname":"%s","team":"%s"},"annotations":{},
                         "startsAt":"2026-11-22T07:00:00Z"}]}""".formatted(alert[0], alert[1]);
                assertThat(first.postRaw("/api/v1/integrations/alertmanager", k, "application/json",
                        body.getBytes()).statusCode()).isEqualTo(200);
            }
            JsonNode rulesShown = first.getJson("/api/v1/rules");
            assertThat(rulesShown.get("maintenance").get(0).get("name").asText()).isEqualTo("always-for-batch");
            assertThat(rulesShown.get("maintenance").get(0).get("timeZone").asText()).isEqualTo("Europe/Berlin");
        }
        try (TestSift second = TestSift.start(home, s -> s.withConfigFile(rules))) {
            JsonNode batch = second.getJson("/api/v1/alerts?q=" + name).get("items").get(0);
            assertThat(batch.get("incidentId").isNull()).isTrue();
            assertThat(batch.get("silenced").get("by").asText()).isEqualTo("maintenance:always-for-batch");
            assertThat(second.getJson("/api/v1/silences/" + silenceId).get("state").asText()).isEqualTo("active");
            assertThat(second.delete("/api/v1/silences/" + silenceId, TestSift.ADMIN_TOKEN).statusCode())
                    .isEqualTo(200);
            assertThat(second.getJson("/api/v1/alerts?q=" + dbName).get("items").get(0).get("incidentId").isNull())
                    .as("the restored silence muted it until expired").isFalse();
        }
    }
}
