package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a 4xx naming the problem, stores nothing, and the service keeps serving. "Stores nothing" is
 * checked by counting alerts and incidents before and after.
 */
class BadInputTest {
    static TestSift sift;
    static String amKey;
    static String eventsKey;
    long alertsBefore;

    @BeforeAll
    static void start() {
        sift = TestSift.shared();
        amKey = sift.integration("alertmanager");
        eventsKey = sift.integration("events");
    }

    @BeforeEach
    void count() {
        alertsBefore = alertTotal();
    }

    @AfterEach
    void nothingStoredAndStillServing() {
        assertThat(alertTotal()).as("alerts stored by bad input").isEqualTo(alertsBefore);
        assertThat(sift.get("/healthz", null).statusCode()).isEqualTo(200);
    }

    long alertTotal() {
        long n = 0;
        String cursor = null;
        do {
            var page = sift.getJson("/api/v1/alerts?limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
            n += page.get("items").size();
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        return n;
    }

    HttpResponse<String> am(String body) {
        return sift.postRaw("/api/v1/integrations/alertmanager", amKey, "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    static void problem(HttpResponse<String> r, int status, String... fragments) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains(fragments);
    }

    @Test
    void malformedJsonIsRefused() {
        problem(am("{\"alerts\": [ {\"labels\": "), 400, "malformed JSON");
    }

    @Test
    void trailingGarbageIsRefused() {
        problem(am("{\"alerts\": []} {}"), 400, "malformed JSON");
    }

    @Test
    void wrongTypesNameTheField() {
        problem(am("{\"alerts\": {}}"), 400, "\"field\":\"alerts\"", "must be an array");
        problem(am("{\"alerts\": [{\"labels\": {\"alertname\": 5}}]}"), 400, "alerts[0].labels.alertname",
                "must be a string");
        problem(am("{\"alerts\": [{\"labels\": {\"a\": \"b\"}, \"startsAt\": \"yesterday\"}]}"), 400,
                "alerts[0].startsAt", "RFC 3339");
        problem(am("{\"alerts\": [{\"labels\": {\"a\": \"b\"}, \"status\": \"burning\"}]}"), 400,
                "alerts[0].status");
    }

    @Test
    void missingFieldsNameTheField() {
        problem(am("{\"version\": \"4\"}"), 400, "\"field\":\"alerts\"", "is required");
        problem(am("{\"alerts\": [{\"annotations\": {}}]}"), 400, "alerts[0].labels", "must not be empty");
    }

    @Test
    void oneBadAlertRefusesTheWholeBody() {
        String name = TestSift.unique("Partial");
        problem(am("{\"alerts\": [{\"labels\": {\"alertname\": \"" + name + "\"}}, {\"labels\": 7}]}"), 400,
                "alerts[1].labels");
        assertThat(sift.getJson("/api/v1/alerts?q=" + name).get("items")).isEmpty();
    }

    @Test
    void oversizedBodiesAreRefused() {
        byte[] big = new byte[9 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        var r = sift.postRaw("/api/v1/integrations/alertmanager", amKey, "application/json", big);
        assertThat(r.statusCode()).isEqualTo(413);
        String event = "{\"routing_key\":\"" + eventsKey + "\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"x\","
                + "\"source\":\"y\",\"severity\":\"info\",\"custom_details\":{\"pad\":\"" + "p".repeat(600_000) + "\"}}}";
        var e = sift.postRaw("/v2/enqueue", null, "application/json", event.getBytes(StandardCharsets.UTF_8));
        assertThat(e.statusCode()).isEqualTo(413);
        assertThat(e.body()).contains("512 KB");
    }

    @Test
    void deeplyNestedBodiesAreRefused() {
        String deep = "{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"annotations\":" + "[".repeat(5000) + "]".repeat(5000) + "}]}";
        problem(am(deep), 400, "nested deeper than");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] body = "{\"alerts\":[{\"labels\":{\"alertname\":\"X\"}}]}".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[body.length + 2];
        System.arraycopy(body, 0, bad, 0, 27);
        bad[27] = (byte) 0xC3;
        bad[28] = (byte) 0x28; // not a continuation byte
        System.arraycopy(body, 27, bad, 29, body.length - 27);
        var r = sift.postRaw("/api/v1/integrations/alertmanager", amKey, "application/json", bad);
        problem(r, 400, "UTF-8");
    }

    @Test
    void wrongContentTypeIsRefused() {
        var r = sift.postRaw("/api/v1/integrations/alertmanager", amKey, "text/plain",
                "{\"alerts\": []}".getBytes(StandardCharsets.UTF_8));
        problem(r, 415, "application/json");
    }

    @Test
    void missingOrWrongCredentialsAreRefused() {
        var none = sift.postRaw("/api/v1/integrations/alertmanager", null, "application/json",
                "{\"alerts\": []}".getBytes(StandardCharsets.UTF_8));
        problem(none, 401, "missing credentials");
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
        var wrong = sift.postRaw("/api/v1/integrations/alertmanager", "nope", "application/json",
                "{\"alerts\": []}".getBytes(StandardCharsets.UTF_8));
        problem(wrong, 401, "unknown integration key");
        problem(sift.get("/api/v1/incidents", null), 401, "missing credentials");
        problem(sift.get("/api/v1/incidents", "sift_not_a_token"), 401, "unknown or revoked API token");
    }

    @Test
    void anIntegrationKeyWorksOnlyOnItsOwnEndpoint() {
        var r = sift.postRaw("/api/v1/integrations/alertmanager", eventsKey, "application/json",
                "{\"alerts\": []}".getBytes(StandardCharsets.UTF_8));
        problem(r, 403, "kind events", "POST /v2/enqueue");
        var e = sift.post("/v2/enqueue", null, EventsIngestTest.trigger(amKey, null, "x", "info"));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.body()).contains("kind alertmanager");
        problem(sift.get("/api/v1/incidents", amKey), 401, "integration key");
    }

    @Test
    void unknownRoutesAnswerWithAProblem() {
        problem(sift.get("/api/v1/nothing-here", TestSift.ADMIN_TOKEN), 404, "no route for GET /api/v1/nothing-here");
    }

    @Test
    void unknownIncidentsAndActionsAre404AndBadIdsAre400() {
        problem(sift.get("/api/v1/incidents/99999999", TestSift.ADMIN_TOKEN), 404, "no incident #99999999");
        problem(sift.get("/api/v1/incidents/abc", TestSift.ADMIN_TOKEN), 400, "must be a positive number");
        problem(sift.post("/api/v1/incidents/99999999/acknowledge", TestSift.ADMIN_TOKEN, Map.of()), 404,
                "no incident #99999999");
        problem(sift.get("/api/v1/incidents?status=burning", TestSift.ADMIN_TOKEN), 400, "unknown status 'burning'");
        problem(sift.get("/api/v1/incidents?limit=zero", TestSift.ADMIN_TOKEN), 400, "\"field\":\"limit\"");
        problem(sift.get("/api/v1/incidents?cursor=xyz", TestSift.ADMIN_TOKEN), 400, "invalid cursor");
    }
}
