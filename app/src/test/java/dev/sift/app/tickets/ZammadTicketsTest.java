package dev.sift.app.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sift.app.TestSift;
import dev.sift.app.peers.FakeZammad;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tickets in Zammad, end to end against {@link FakeZammad} (built from Zammad's documented API and held to it by
 * ZammadContractTest; no real Zammad runs here): one ticket per incident in the group, internal notes, closed with
 * the incident unless an agent owns it, and an agent who takes it acknowledges the incident.
 */
class ZammadTicketsTest {
    static final Duration BOUND = Duration.ofSeconds(30);
    static FakeZammad zammad;
    static TestSift sift;
    static String key;

    @BeforeAll
    static void start() {
        zammad = new FakeZammad("zammad-token");
        sift = TestSift.start(TestSift.newHome(), TestSift.NO_GROUPING);
        key = sift.integration("events");
        var r = sift.post("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN, Map.of("name", "desk", "kind", "zammad",
                "config", Map.of("url", zammad.url(), "token", "zammad-token", "group", "Monitoring",
                        "watchInterval", "300ms")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (sift != null) {
            sift.close();
        }
        zammad.close();
    }

    static long event(String dedup, String action) {
        var r = sift.post("/v2/enqueue", null, Map.of("routing_key", key, "event_action", action, "dedup_key", dedup,
                "payload", Map.of("summary", dedup + " is down", "source", "web-1", "severity", "error")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return action.equals("trigger")
                ? sift.getJson("/api/v1/alerts?q=" + dedup).get("items").get(0).get("incidentId").asLong() : 0;
    }

    static ObjectNode ticketOf(long incident) {
        return await().atMost(BOUND).until(() -> zammad.tickets().stream()
                .filter(t -> t.get("title").asText().startsWith("[sift #" + incident + "] ")).findFirst()
                .orElse(null), t -> t != null);
    }

    @Test
    void anIncidentGetsOneTicketThatClosesWithIt() {
        String dedup = TestSift.unique("api");
        long id = event(dedup, "trigger");
        ObjectNode t = ticketOf(id);
        assertThat(t.get("group").asText()).isEqualTo("Monitoring");
        await().atMost(BOUND).untilAsserted(() -> {
            JsonNode ext = sift.getJson("/api/v1/incidents/" + id).get("externalTickets").get(0);
            assertThat(ext.get("kind").asText()).isEqualTo("zammad");
            assertThat(ext.get("id").asText()).isEqualTo(t.get("id").asText());
        });
        event(dedup, "resolve");
        await().atMost(BOUND).untilAsserted(() -> assertThat(t.get("state").asText()).isEqualTo("closed"));
        assertThat(zammad.articles(t.get("id").asLong())).allSatisfy(a ->
                assertThat(a.get("internal").asBoolean()).isTrue());
        assertThat(zammad.tickets().stream().filter(x -> x.get("title").asText().startsWith("[sift #" + id + "] ")))
                .hasSize(1);
    }

    @Test
    void anAgentWhoTakesTheTicketAcknowledgesTheIncidentAndItStaysOpenInZammad() {
        String dedup = TestSift.unique("db");
        long id = event(dedup, "trigger");
        ObjectNode t = ticketOf(id);
        zammad.agent(t.get("id").asLong(), "alice", "open");
        await().atMost(BOUND).untilAsserted(() -> {
            JsonNode i = sift.getJson("/api/v1/incidents/" + id);
            assertThat(i.get("status").asText()).isEqualTo("acknowledged");
            assertThat(i.get("assignee").asText()).isEqualTo("alice");
        });
        await().atMost(BOUND).until(() -> zammad.articles(t.get("id").asLong()).stream()
                .anyMatch(a -> a.get("body").asText().contains("Acknowledged in Sift by alice")));
        int notes = zammad.articles(t.get("id").asLong()).size();
        var r = sift.post("/api/v1/incidents/" + id + "/resolve", TestSift.ADMIN_TOKEN, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await().atMost(BOUND).untilAsserted(() -> assertThat(zammad.articles(t.get("id").asLong()).size())
                .isGreaterThan(notes));
        assertThat(t.get("state").asText()).isEqualTo("open");
    }
}
