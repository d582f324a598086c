package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Heartbeat integrations through HTTP and real PostgreSQL: a missed interval (plus grace) opens an incident through
 * the routes, the next ping resolves it, and the last ping survives a restart. Time passes on a movable clock.
 */
class HeartbeatEndToEndTest {
    static final String RULES = TestSift.NO_GROUPING + """
            routes:
              - name: pipeline
                matchers: ['alertname="HeartbeatMissing"']
                queue: monitoring
            """;
    static final Duration WAIT = Duration.ofSeconds(15);
    /** Alertmanager's webhook body for its Watchdog alert: any body is fine, this is the usual one. */
    static final String WATCHDOG = """
            {"version":"4","status":"firing","receiver":"sift-heartbeat","groupLabels":{"alertname":"Watchdog"},
             "alerts":[{"status":"firing","labels":{"alertname":"Watchdog","severity":"none"}}]}""";

    static final MovableClock clock = new MovableClock();
    static TestSift sift;

    @BeforeAll
    static void start() {
        sift = TestSift.start(TestSift.newHome(), RULES, clock);
    }

    @AfterAll
    static void stop() {
        sift.close();
    }

    static String heartbeat(TestSift sift, String name) {
        var r = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN,
                Map.of("name", name, "kind", "heartbeat", "interval", "5m", "grace", "1m"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode created = sift.body(r);
        assertThat(created.get("kind").asText()).isEqualTo("heartbeat");
        assertThat(created.get("interval").asText()).isEqualTo("5m");
        assertThat(created.get("grace").asText()).isEqualTo("1m");
        return created.get("key").asText();
    }

    static JsonNode ping(TestSift sift, String key) {
        var r = sift.postRaw("/api/v1/heartbeats/ping", key, "application/json", WATCHDOG.getBytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return sift.body(r);
    }

    static JsonNode incidentsAbout(TestSift sift, String name) {
        return sift.getJson("/api/v1/incidents?status=triggered,resolved&q=" + URLEncoder.encode(name,
                StandardCharsets.UTF_8)).get("items");
    }

    @Test
    void aMissedIntervalOpensAnIncidentThroughTheRoutesAndTheNextPingResolvesIt() {
        String name = TestSift.unique("watchdog");
        String key = heartbeat(sift, name);
        JsonNode pinged = ping(sift, key);
        Instant pingedAt = clock.instant();
        assertThat(Instant.parse(pinged.get("nextDueAt").asText())).isEqualTo(pingedAt.plus(Duration.ofMinutes(6)));
        assertThat(pinged.get("resolvedIncident").isNull()).isTrue();

        clock.advance(Duration.ofMinutes(6).plusSeconds(1));

        await().atMost(WAIT).until(() -> incidentsAbout(sift, name).size() == 1);
        JsonNode listed = incidentsAbout(sift, name).get(0);
        long id = listed.get("id").asLong();
        JsonNode incident = sift.getJson("/api/v1/incidents/" + id);
        assertThat(incident.get("title").asText()).isEqualTo("the monitoring pipeline itself is silent: no heartbeat"
                + " from " + name + " since " + pingedAt.truncatedTo(ChronoUnit.SECONDS));
        assertThat(incident.get("queue").asText()).isEqualTo("monitoring");
        assertThat(incident.get("route").get("name").asText()).isEqualTo("pipeline");
        assertThat(incident.get("priority").asText()).isEqualTo("P1");
        assertThat(incident.get("alerts").get(0).get("labels").get("heartbeat").asText()).isEqualTo(name);
        assertThat(incident.get("alerts").get(0).get("source").asText()).isEqualTo("heartbeat");

        JsonNode back = ping(sift, key);

        assertThat(back.get("resolvedIncident").asLong()).isEqualTo(id);
        assertThat(sift.getJson("/api/v1/incidents/" + id).get("status").asText()).isEqualTo("resolved");
    }

    @Test
    void aHeartbeatThatNeverPingsIsMissedToo() {
        String name = TestSift.unique("never");
        heartbeat(sift, name);

        clock.advance(Duration.ofMinutes(6).plusSeconds(1));

        await().atMost(WAIT).until(() -> incidentsAbout(sift, name).size() == 1);
        assertThat(incidentsAbout(sift, name).get(0).get("title").asText()).contains("since it was set up at");
    }

    @Test
    void theLastPingSurvivesARestart() {
        var home = TestSift.newHome();
        var own = new MovableClock();
        String name = "pipeline";
        Instant pingedAt;
        try (TestSift first = TestSift.start(home, RULES, own)) {
            String key = heartbeat(first, name);
            own.advance(Duration.ofMinutes(4));
            ping(first, key);
            pingedAt = own.instant();
        }
        try (TestSift second = TestSift.start(home, RULES, own)) {
            own.advance(Duration.ofMinutes(5)); // 5 of the 6 minutes since the last ping: still in time
            throughTheWriter(second);
            assertThat(incidentsAbout(second, name)).isEmpty();

            own.advance(Duration.ofMinutes(1).plusSeconds(1));

            await().atMost(WAIT).until(() -> incidentsAbout(second, name).size() == 1);
            assertThat(incidentsAbout(second, name).get(0).get("title").asText())
                    .endsWith("since " + pingedAt.truncatedTo(ChronoUnit.SECONDS));
        }
    }

    /**
     * A command through the engine's writer, which runs whatever timers are due (by the test's clock) before the
     * commands of a batch: once it is answered, every deadline up to now has been acted on.
     */
    static void throughTheWriter(TestSift sift) {
        var r = sift.post("/api/v1/silences", TestSift.ADMIN_TOKEN, Map.of("matchers",
                java.util.List.of("alertname=\"" + TestSift.unique("Nothing") + "\""), "duration", "1m", "comment",
                "a round trip through the writer"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void badInputIsAClearProblem() {
        var noInterval = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN,
                Map.of("name", TestSift.unique("hb"), "kind", "heartbeat"));
        assertThat(noInterval.statusCode()).isEqualTo(400);
        assertThat(noInterval.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(noInterval.body()).contains("interval");

        var badInterval = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN,
                Map.of("name", TestSift.unique("hb"), "kind", "heartbeat", "interval", "5 minutes"));
        assertThat(badInterval.statusCode()).isEqualTo(400);
        assertThat(sift.body(badInterval).get("detail").asText()).contains("invalid duration '5 minutes'");

        var intervalOnAlertmanager = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN,
                Map.of("name", TestSift.unique("am"), "kind", "alertmanager", "interval", "5m"));
        assertThat(intervalOnAlertmanager.statusCode()).isEqualTo(400);
        assertThat(sift.body(intervalOnAlertmanager).get("detail").asText())
                .contains("only an integration of kind heartbeat has an interval");

        String amKey = sift.integration("alertmanager");
        var wrongKind = sift.postRaw("/api/v1/heartbeats/ping", amKey, "application/json", WATCHDOG.getBytes());
        assertThat(wrongKind.statusCode()).isEqualTo(403);
        assertThat(sift.body(wrongKind).get("detail").asText()).contains("POST /api/v1/integrations/alertmanager");
        var noKey = sift.postRaw("/api/v1/heartbeats/ping", null, "application/json", WATCHDOG.getBytes());
        assertThat(noKey.statusCode()).isEqualTo(401);
    }
}
