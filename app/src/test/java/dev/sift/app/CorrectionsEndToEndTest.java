package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People correcting grouping through the whole Sift, PostgreSQL included: a merge over HTTP, what both incidents
 * show afterwards, what is refused, and that the result and the lesson survive a restart (the same pair of alerts
 * is grouped the way people said). A Sift of its own, with a clock of its own: its learned state is this test's.
 */
class CorrectionsEndToEndTest {
    private static final String RULES = """
            grouping:
              default: default
              policies:
                default:
                  mode: intelligent
            """;

    private static void trigger(TestSift sift, String key, String dedup, String summary) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("routing_key", key);
        e.put("event_action", "trigger");
        e.put("dedup_key", dedup);
        e.put("payload", Map.of("summary", summary, "source", "registry", "severity", "warning"));
        var r = sift.post("/v2/enqueue", null, e);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    /** The incident of the newest alert with this title. */
    private static long incidentOf(TestSift sift, String summary) {
        return sift.getJson("/api/v1/alerts?q=" + summary).get("items").get(0).get("incidentId").asLong();
    }

    private static HttpResponse<String> act(TestSift sift, long id, String action, Map<String, Object> body) {
        return sift.post("/api/v1/incidents/" + id + "/" + action, TestSift.ADMIN_TOKEN, body);
    }

    private static List<String> kinds(JsonNode incident) {
        List<String> kinds = new ArrayList<>();
        incident.get("timeline").forEach(e -> kinds.add(e.get("kind").asText()));
        return kinds;
    }

    private static JsonNode last(JsonNode incident) {
        JsonNode timeline = incident.get("timeline");
        return timeline.get(timeline.size() - 1);
    }

    @Test
    void aMergeOverHttpShowsOnBothIncidentsAndItsResultAndLessonSurviveARestart(@TempDir Path home) {
        var clock = new MovableClock();
        String registration = TestSift.unique("RegistrationFailed");
        String stale = TestSift.unique("ModelStale");
        long first, second, alertOfSecond;
        try (TestSift sift = TestSift.start(home, RULES, clock)) {
            String key = sift.integration("events");
            trigger(sift, key, "reg-1", registration);
            clock.advance(Duration.ofMinutes(10));
            trigger(sift, key, "stale-1", stale);
            first = incidentOf(sift, registration);
            second = incidentOf(sift, stale);
            assertThat(second).as("10 minutes apart: not grouped by time").isNotEqualTo(first);
            alertOfSecond = sift.getJson("/api/v1/incidents/" + second).get("alerts").get(0).get("id").asLong();

            var merged = act(sift, second, "merge", Map.of("into", first, "reason", "the stale model follows"));

            assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
            JsonNode target = sift.body(merged);
            assertThat(target.get("id").asLong()).as("answers the target").isEqualTo(first);
            assertThat(target.get("alertCount").asInt()).isEqualTo(2);
            assertThat(target.get("mergedInto").isNull()).isTrue();
            assertThat(last(target).get("kind").asText()).isEqualTo("grouped");
            assertThat(last(target).get("actor").asText()).isEqualTo("admin");
            assertThat(last(target).get("message").asText()).isEqualTo("#" + second + " merged into this incident"
                    + " by admin: the stale model follows (1 alert: " + stale + "); grouping learns: people merged "
                    + (registration.compareTo(stale) < 0 ? registration + " and " + stale : stale + " and "
                    + registration) + " once");
            JsonNode source = sift.getJson("/api/v1/incidents/" + second);
            assertThat(source.get("status").asText()).isEqualTo("closed");
            assertThat(source.get("mergedInto").asLong()).isEqualTo(first);
            assertThat(source.get("alerts")).isEmpty();
            assertThat(kinds(source)).endsWith("merged");
            assertThat(last(source).get("message").asText()).isEqualTo("merged into #" + first
                    + " by admin: the stale model follows");
            assertThat(sift.sqlLong("select merges from grouping_lessons where ? in (name, other)"
                    + " and ? in (name, other)", registration, stale)).isEqualTo(1);

            assertRefusals(sift, first, second, alertOfSecond);

            assertThat(act(sift, first, "close", Map.of("reason", "fixed")).statusCode()).isEqualTo(200);
        }

        clock.advance(Duration.ofDays(1));
        try (TestSift sift = TestSift.start(home, RULES, clock)) {
            JsonNode source = sift.getJson("/api/v1/incidents/" + second);
            assertThat(source.get("mergedInto").asLong()).as("the merge is stored").isEqualTo(first);
            assertThat(sift.getJson("/api/v1/incidents/" + first).get("alerts")).hasSize(2);

            String key = sift.integration("events-again", "events");
            trigger(sift, key, "reg-2", registration);
            clock.advance(Duration.ofMinutes(11));
            trigger(sift, key, "stale-2", stale);

            long again = incidentOf(sift, registration);
            assertThat(again).isGreaterThan(second);
            assertThat(incidentOf(sift, stale)).as("grouped as people said, after the restart").isEqualTo(again);
            assertThat(last(sift.getJson("/api/v1/incidents/" + again)).get("message").asText())
                    .startsWith(stale + " joined: ").contains("people merged ", " once; score ");
        }
    }

    /** What cannot be done: a clear 400 or 409 naming the field, and nothing changes. */
    private static void assertRefusals(TestSift sift, long first, long second, long alertOfSecond) {
        var itself = act(sift, first, "merge", Map.of("into", first));
        assertThat(itself.statusCode()).isEqualTo(400);
        assertThat(sift.body(itself).get("field").asText()).isEqualTo("into");
        assertThat(sift.body(itself).get("detail").asText()).isEqualTo("cannot merge incident #" + first
                + " into itself");

        var intoClosed = act(sift, first, "merge", Map.of("into", second));
        assertThat(intoClosed.statusCode()).isEqualTo(409);
        assertThat(sift.body(intoClosed).get("detail").asText()).isEqualTo("incident #" + second
                + " is closed; reopen it before you merge into it");

        var nowhere = act(sift, first, "merge", Map.of("into", 999_999));
        assertThat(nowhere.statusCode()).isEqualTo(400);
        assertThat(sift.body(nowhere).get("detail").asText()).isEqualTo("into: no incident #999999");

        var noNumber = act(sift, first, "merge", Map.of("into", "#" + second));
        assertThat(noNumber.statusCode()).isEqualTo(400);
        assertThat(sift.body(noNumber).get("field").asText()).isEqualTo("into");

        Map<String, Object> missingInto = new HashMap<>();
        missingInto.put("alert", alertOfSecond);
        var mustSay = act(sift, first, "move", missingInto);
        assertThat(mustSay.statusCode()).isEqualTo(400);
        assertThat(sift.body(mustSay).get("field").asText()).isEqualTo("into");

        Map<String, Object> split = new HashMap<>();
        split.put("alert", 999_999);
        split.put("into", null);
        var notThere = act(sift, first, "move", split);
        assertThat(notThere.statusCode()).isEqualTo(400);
        assertThat(sift.body(notThere).get("field").asText()).isEqualTo("alert");
        assertThat(sift.body(notThere).get("detail").asText()).isEqualTo("alert 999999 is not in incident #"
                + first);

        assertThat(sift.getJson("/api/v1/incidents/" + first).get("alerts")).hasSize(2);
    }
}
