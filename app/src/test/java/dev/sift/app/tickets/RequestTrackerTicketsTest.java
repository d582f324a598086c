package dev.sift.app.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.app.TestSift;
import dev.sift.app.peers.LostAnswerProxy;
import dev.sift.app.peers.RtPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tickets out, and back, against a real Request Tracker 5 (RtPeer): each incident gets one ticket in the configured
 * queue; recovery is a comment; resolving resolves the ticket unless a person took it; a person taking the ticket
 * in RT acknowledges the incident as that person; RT down or an answer lost never loses or doubles a ticket.
 */
class RequestTrackerTicketsTest {
    static final Duration BOUND = Duration.ofSeconds(60);
    static RtPeer rt;
    static TestSift sift;
    static String key;

    @BeforeAll
    static void start() {
        rt = RtPeer.start(Path.of("target", "rt-peer-" + UUID.randomUUID().toString().substring(0, 8)));
        sift = TestSift.start(TestSift.newHome(), TestSift.NO_GROUPING + """
                notifications:
                  attempts: 100
                  backoff: 300ms
                  maxBackoff: 1s
                """);
        key = sift.integration("events");
        var r = sift.post("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN, Map.of("name", "rt-main", "kind", "rt",
                "config", Map.of("url", rt.url(), "token", rt.token(), "queue", "General", "watchInterval", "500ms")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain(rt.token());
    }

    @AfterAll
    static void stop() {
        if (sift != null) {
            sift.close();
        }
        if (rt != null) {
            rt.close();
        }
    }

    static long trigger(String dedupKey, String action) {
        var r = sift.post("/v2/enqueue", null, Map.of("routing_key", key, "event_action", action,
                "dedup_key", dedupKey, "payload", Map.of("summary", dedupKey + " is down", "source", "db-xq-02",
                        "severity", "critical")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        if (!action.equals("trigger")) {
            return 0;
        }
        return sift.getJson("/api/v1/alerts?q=" + dedupKey).get("items").get(0).get("incidentId").asLong();
    }

    static JsonNode incident(long id) {
        return sift.getJson("/api/v1/incidents/" + id);
    }

    /** The RT ticket of the incident, once Sift shows it as synced. */
    static JsonNode ticketOf(long incident, String system) {
        return await().atMost(BOUND).until(() -> {
            for (JsonNode t : incident(incident).get("externalTickets")) {
                if (t.get("system").asText().equals(system) && t.hasNonNull("id")) {
                    return t;
                }
            }
            return null;
        }, t -> t != null);
    }

    static List<String> timeline(long incident, String kind) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : incident(incident).get("timeline")) {
            if (e.get("kind").asText().equals(kind)) {
                out.add(e.get("message").asText());
            }
        }
        return out;
    }

    @Test
    void anUntakenTicketGetsTheRecoveryAsACommentAndIsResolvedWithTheIncident() {
        String dedup = TestSift.unique("disk");
        long id = trigger(dedup, "trigger");
        JsonNode t = ticketOf(id, "rt-main");
        assertThat(t.get("kind").asText()).isEqualTo("rt");
        assertThat(t.get("url").asText()).isEqualTo(rt.url() + "/Ticket/Display.html?id=" + t.get("id").asText());
        assertThat(t.get("owner").isNull()).isTrue();
        List<JsonNode> found = rt.search("[sift #" + id + "]");
        assertThat(found).hasSize(1);
        JsonNode ticket = rt.ticket(t.get("id").asText());
        assertThat(ticket.get("Subject").asText()).startsWith("[sift #" + id + "] ");
        assertThat(ticket.get("Queue").get("id").asText()).isEqualTo("1"); // General
        assertThat(timeline(id, "ticket")).anySatisfy(m -> assertThat(m).startsWith("RT ticket #" + t.get("id")
                .asText() + " created in rt-main"));

        trigger(dedup, "resolve");
        await().atMost(BOUND).untilAsserted(() -> assertThat(rt.ticket(t.get("id").asText()).get("Status").asText())
                .isEqualTo("resolved"));
        assertThat(incident(id).get("status").asText()).isEqualTo("resolved");
        assertThat(rt.history(t.get("id").asText())).anySatisfy(h -> assertThat(h).startsWith("Comment"));
        await().atMost(BOUND).untilAsserted(() -> assertThat(ticketOf(id, "rt-main").get("status").asText())
                .isEqualTo("resolved"));
    }

    @Test
    void aPersonWhoTakesTheTicketInRtAcknowledgesTheIncidentAndRecoveryClosesNothing() {
        String dedup = TestSift.unique("lag");
        long id = trigger(dedup, "trigger");
        String ticketId = ticketOf(id, "rt-main").get("id").asText();

        rt.update(ticketId, Map.of("Owner", RtPeer.PERSON));
        await().atMost(BOUND).untilAsserted(() -> {
            JsonNode i = incident(id);
            assertThat(i.get("status").asText()).isEqualTo("acknowledged");
            assertThat(i.get("assignee").asText()).isEqualTo(RtPeer.PERSON);
        });
        await().atMost(BOUND).untilAsserted(() -> assertThat(timeline(id, "ticket"))
                .contains("alice took RT ticket #" + ticketId + " in rt-main"));

        int commentsBefore = comments(ticketId);
        trigger(dedup, "resolve");
        await().atMost(BOUND).untilAsserted(() -> assertThat(comments(ticketId)).isGreaterThan(commentsBefore));
        assertThat(incident(id).get("status").asText()).isEqualTo("acknowledged"); // a person has it
        assertThat(rt.ticket(ticketId).get("Status").asText()).isNotEqualTo("resolved");

        // even resolving the incident in Sift leaves the ticket to its owner: a comment says so
        var r = sift.post("/api/v1/incidents/" + id + "/resolve", TestSift.ADMIN_TOKEN, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await().atMost(BOUND).untilAsserted(() -> assertThat(timeline(id, "ticket"))
                .anySatisfy(m -> assertThat(m).contains("left open: alice owns it")));
        assertThat(rt.ticket(ticketId).get("Status").asText()).isNotEqualTo("resolved");
    }

    @Test
    void aTicketResolvedByAPersonWhileAlertsFireIsNotedAndTheIncidentStaysOpen() {
        String dedup = TestSift.unique("mem");
        long id = trigger(dedup, "trigger");
        String ticketId = ticketOf(id, "rt-main").get("id").asText();

        rt.update(ticketId, Map.of("Status", "resolved"));
        await().atMost(BOUND).untilAsserted(() -> assertThat(timeline(id, "ticket")).anySatisfy(m -> assertThat(m)
                .isEqualTo("RT ticket #" + ticketId + " was resolved in rt-main by root while its alerts still fire;"
                        + " the incident stays open")));
        assertThat(incident(id).get("status").asText()).isEqualTo("triggered");
        await().atMost(BOUND).untilAsserted(() -> assertThat(ticketOf(id, "rt-main").get("status").asText())
                .isEqualTo("resolved"));

        trigger(dedup, "resolve"); // the incident resolves; the ticket is already resolved: nothing to do
        await().atMost(BOUND).untilAsserted(() -> assertThat(incident(id).get("status").asText())
                .isEqualTo("resolved"));
        assertThat(rt.ticket(ticketId).get("Status").asText()).isEqualTo("resolved");
    }

    @Test
    void aTicketDeletedInRtIsNotedAndNoLongerFollowed() {
        long id = trigger(TestSift.unique("swap"), "trigger");
        String ticketId = ticketOf(id, "rt-main").get("id").asText();
        rt.update(ticketId, Map.of("Status", "deleted"));
        await().atMost(BOUND).untilAsserted(() -> assertThat(ticketOf(id, "rt-main").get("syncState").asText())
                .isEqualTo("gone"));
        assertThat(timeline(id, "ticket")).anySatisfy(m -> assertThat(m).startsWith("RT ticket #" + ticketId
                + " was deleted in rt-main"));
    }

    static int comments(String ticketId) {
        return (int) rt.history(ticketId).stream().filter(h -> h.startsWith("Comment")).count();
    }

    @Test
    void aCreateWhoseAnswerIsLostIsFoundByItsMarkerNotMadeTwice() throws Exception {
        rt.createQueue("Lossy");
        try (var proxy = new LostAnswerProxy(rt.url(), "POST", "/REST/2.0/ticket", 1)) {
            var r = sift.post("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN, Map.of("name", "rt-lossy", "kind", "rt",
                    "config", Map.of("url", proxy.url(), "token", rt.token(), "queue", "Lossy",
                            "watchInterval", "1s")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            long id = trigger(TestSift.unique("cpu"), "trigger");
            JsonNode t = ticketOf(id, "rt-lossy");
            assertThat(proxy.lost()).isEqualTo(1);
            List<JsonNode> inQueue = rt.search("[sift #" + id + "]").stream()
                    .filter(x -> x.get("Queue").get("id").asText().equals(queueId(t))).toList();
            assertThat(inQueue).hasSize(1);
            assertThat(timeline(id, "ticket")).anySatisfy(m -> assertThat(m).contains("#" + t.get("id").asText()
                    + " in rt-lossy found by its marker"));
        }
    }

    static String queueId(JsonNode externalTicket) {
        return rt.ticket(externalTicket.get("id").asText()).get("Queue").get("id").asText();
    }

    @Test
    void whileRtIsDownDeliveriesWaitAndAfterItsRestartThereIsExactlyOneTicket() {
        rt.stop();
        long id;
        try {
            id = trigger(TestSift.unique("net"), "trigger");
            await().atMost(BOUND).untilAsserted(() -> {
                JsonNode systems = sift.getJson("/api/v1/ticket-systems");
                JsonNode main = null;
                for (JsonNode s : systems.get("items")) {
                    if (s.get("name").asText().equals("rt-main")) {
                        main = s;
                    }
                }
                assertThat(main).isNotNull();
                assertThat(main.get("health").get("lastError").asText()).contains("cannot reach RT");
                assertThat(incident(id).get("externalTickets")).hasSize(1);
                JsonNode ticket = incident(id).get("externalTickets").get(0);
                assertThat(ticket.get("syncState").asText()).isEqualTo("creating");
                assertThat(ticket.get("lastError").asText()).contains("cannot reach RT");
            });
        } finally {
            rt.restart();
        }
        JsonNode t = ticketOf(id, "rt-main");
        assertThat(rt.search("[sift #" + id + "]").stream()
                .filter(x -> x.get("Queue").get("id").asText().equals("1")).toList()).hasSize(1);
        assertThat(t.get("syncState").asText()).isIn("synced", "pending");
    }

    @Test
    void badConfigIsRefusedNamingTheFieldAndSecretsAreNeverShown() {
        var r = sift.post("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN, Map.of("name", "rt-bad", "kind", "rt",
                "config", Map.of("url", rt.url(), "token", "x")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("config.queue");
        r = sift.post("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN, Map.of("name", "rt-bad", "kind", "jira",
                "config", Map.of()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("kind");
        String viewer = sift.user(TestSift.unique("viewer"), "viewer");
        assertThat(sift.get("/api/v1/ticket-systems", viewer).statusCode()).isEqualTo(403);
        String list = sift.get("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN).body();
        assertThat(list).contains("rt-main").doesNotContain(rt.token());
        JsonNode policy = sift.getJson("/api/v1/ticket-policy");
        assertThat(policy.get("rules").size()).isGreaterThan(3);
    }
}
