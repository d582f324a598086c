package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.app.icinga2.Icinga2Events;
import dev.sift.app.peers.Icinga2Peer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Icinga2 (Debian's icinga2, a private instance on loopback) and an integration of kind icinga2 created
 * through the API: Sift subscribes to its event stream, and what the test does in Icinga2 shows in Sift's incidents.
 * Each test uses objects of its own. Icinga2 batches stream events for up to about 5 s, so every wait is bounded
 * at 30 s.
 */
class Icinga2EndToEndTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    static TestSift sift;
    static Icinga2Peer icinga;
    static long integrationId;
    static String integrationName;

    @BeforeAll
    static void start(@TempDir Path work) {
        sift = TestSift.sharedWithoutGrouping(); // one incident per Icinga2 object keeps the assertions plain
        icinga = Icinga2Peer.start(work.resolve("icinga2"));
        integrationName = TestSift.unique("icinga");
        var r = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN, Map.of("name", integrationName,
                "kind", "icinga2", "config", Map.of("url", icinga.url().toString(), "username", Icinga2Peer.SIFT_USER,
                        "password", Icinga2Peer.SIFT_PASSWORD, "caFile", icinga.caFile().toString())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode created = sift.body(r);
        integrationId = created.get("id").asLong();
        assertThat(created.get("kind").asText()).isEqualTo("icinga2");
        assertThat(created.get("config").get("url").asText()).isEqualTo(icinga.url().toString());
        assertThat(created.has("key")).as("an icinga2 integration has no key to show").isFalse();
        assertThat(r.body()).doesNotContain(Icinga2Peer.SIFT_PASSWORD);
        awaitHealth(h -> h.get("connected").asBoolean() && !h.get("lastReconciledAt").isNull());
    }

    @AfterAll
    static void stop() {
        if (icinga != null) {
            icinga.close();
        }
    }

    @Test
    void aCriticalServiceOpensOneIncidentAndItsRecoveryResolvesIt() {
        String object = "web-xq-01!http";
        icinga.result(object, 2, "HTTP CRITICAL - 503 Service Unavailable");

        JsonNode incident = awaitIncident(object, i -> i.get("status").asText().equals("triggered"));
        assertThat(incident.get("title").asText()).isEqualTo("web-xq-01!http is CRITICAL: HTTP CRITICAL - 503"
                + " Service Unavailable");
        assertThat(incident.get("priority").asText()).isEqualTo("P1");
        JsonNode alert = incident.get("alerts").get(0);
        assertThat(alert.get("labels").get("host").asText()).isEqualTo("web-xq-01");
        assertThat(alert.get("labels").get("service").asText()).isEqualTo("http");
        assertThat(alert.get("source").asText()).isEqualTo("icinga2");

        icinga.result(object, 0, "HTTP OK");
        JsonNode resolved = awaitIncident(object, i -> i.get("status").asText().equals("resolved"));
        assertThat(resolved.get("id").asLong()).isEqualTo(incident.get("id").asLong());
        assertThat(alertCount(object)).as("one alert, never a duplicate").isEqualTo(1);
        assertThat(integration().get("health").get("lastEventAt").isNull()).isFalse();
    }

    @Test
    void anAcknowledgementInIcinga2AcknowledgesTheIncidentByItsAuthor() {
        String object = "web-xq-01!endpoint-registration";
        icinga.result(object, 2, "CRITICAL - EndpointRegistrationTransientFailure in zone XQ");
        long id = awaitIncident(object, i -> i.get("status").asText().equals("triggered")).get("id").asLong();

        icinga.acknowledge(object, "alice", "looking into it");
        JsonNode acked = awaitIncident(object, i -> i.get("status").asText().equals("acknowledged"));
        assertThat(acked.get("id").asLong()).isEqualTo(id);
        assertThat(acked.get("assignee").asText()).isEqualTo("icinga2:alice");
        assertThat(acked.get("timeline").findValuesAsText("message")).contains("acknowledged by icinga2:alice");

        // A person took it (in Icinga2): its recovery leaves it with them, as for an acknowledgement in Sift
        icinga.result(object, 0, "OK - registrations healthy");
        JsonNode after = awaitIncident(object, i -> i.get("alerts").get(0).get("status").asText()
                .equals("resolved"));
        assertThat(after.get("status").asText()).isEqualTo("acknowledged");
        assertThat(after.get("timeline").findValuesAsText("message"))
                .anyMatch(m -> m.startsWith("all alerts recovered; the incident stays with icinga2:alice"));
    }

    @Test
    void anAcknowledgementInSiftIsWrittenBackToIcinga2WithoutComingBackAsASecondOne() {
        String object = "web-xq-01!ssh";
        String dana = TestSift.unique("dana");
        String token = sift.user(dana, "responder");
        icinga.result(object, 2, "SSH CRITICAL - connection refused");
        long id = awaitIncident(object, i -> i.get("status").asText().equals("triggered")).get("id").asLong();
        assertThat(sift.post("/api/v1/incidents/" + id + "/acknowledge", token, Map.of()).statusCode())
                .isEqualTo(200);

        // Icinga2's dashboard shows who is on it, with the incident's number; sticky and without notifications
        JsonNode ack = await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).until(
                () -> acknowledgementOf(object), c -> c != null);
        assertThat(ack.get("author").asText()).isEqualTo(dana);
        assertThat(ack.get("text").asText()).isEqualTo("Sift incident #" + id + " acknowledged by " + dana);
        JsonNode service = icinga.get("/v1/objects/services/" + object + "?attrs=acknowledgement")
                .get("results").get(0).get("attrs");
        assertThat(service.get("acknowledgement").asInt()).as("2 = sticky").isEqualTo(2);

        // A comment in Sift becomes an Icinga2 comment on the object
        assertThat(sift.post("/api/v1/incidents/" + id + "/comments", token, Map.of("text", "restarting sshd"))
                .statusCode()).isEqualTo(200);
        JsonNode comment = await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).until(
                () -> commentOf(object, 1, "Sift incident #" + id + ": restarting sshd"), c -> c != null);
        assertThat(comment.get("author").asText()).isEqualTo(dana);

        // Icinga2's AcknowledgementSet for Sift's own acknowledgement changes nothing: a later event was read after it
        icinga.result(object, 1, "SSH WARNING - slow banner");
        awaitIncident(object, i -> i.get("alerts").get(0).get("count").asInt() >= 2);
        JsonNode incident = sift.getJson("/api/v1/incidents/" + id);
        assertThat(incident.get("assignee").asText()).isEqualTo(dana);
        var messages = incident.get("timeline").findValuesAsText("message");
        assertThat(messages).filteredOn(m -> m.startsWith("acknowledged by")).containsExactly("acknowledged by "
                + dana);
        assertThat(messages).contains("acknowledged in Icinga2 (icinga2:" + integrationName + "): " + object);
        assertThat(sift.getJson("/api/v1/ticket-systems").get("items").findValuesAsText("kind"))
                .as("the write-back target is not a ticket system").doesNotContain("icinga2");

        icinga.result(object, 0, "SSH OK");
        awaitIncident(object, i -> i.get("alerts").get(0).get("status").asText().equals("resolved"));
    }

    @Test
    void anAcknowledgementThatCameFromIcinga2IsNotWrittenBack() {
        String object = "web-xq-01!smtp";
        icinga.result(object, 2, "SMTP CRITICAL - no banner");
        long id = awaitIncident(object, i -> i.get("status").asText().equals("triggered")).get("id").asLong();
        icinga.acknowledge(object, "erin", "mine");
        awaitIncident(object, i -> i.get("status").asText().equals("acknowledged"));
        // a later event (it also ends erin's acknowledgement, which is not sticky): the ack's effects are behind it
        icinga.result(object, 1, "SMTP WARNING - slow");
        awaitIncident(object, i -> i.get("alerts").get(0).get("count").asInt() >= 2);
        assertThat(acknowledgementOf(object)).as("Sift did not acknowledge it again as icinga2:erin").isNull();
        assertThat(sift.getJson("/api/v1/incidents/" + id).get("timeline").findValuesAsText("message"))
                .noneMatch(m -> m.startsWith("acknowledged in Icinga2"));
        icinga.result(object, 0, "SMTP OK");
        awaitIncident(object, i -> i.get("alerts").get(0).get("status").asText().equals("resolved"));
    }

    @Test
    void aDowntimeSilencesTheObjectUntilItIsRemoved() {
        String host = "web-xq-01";
        String downtime = icinga.scheduleDowntime(host, "bob", "kernel update", Duration.ofHours(1));
        JsonNode silence = await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).until(
                () -> silenceOf(downtime), s -> s != null && s.get("state").asText().equals("active"));
        assertThat(silence.get("createdBy").asText()).isEqualTo("integration:" + integrationName);
        assertThat(silence.get("comment").asText()).isEqualTo("Icinga2 downtime " + downtime
                + " by bob: kernel update");
        assertThat(Instant.parse(silence.get("endsAt").asText())).isAfter(Instant.now().plus(Duration.ofMinutes(59)));

        icinga.result(host, 1, "DOWN - no route (synthetic)");
        JsonNode muted = await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).until(
                () -> alertOf(host), a -> a != null && a.has("silenced"));
        assertThat(muted.get("incidentId").isNull() || muted.get("incidentId").asLong() == 0).isTrue();

        icinga.removeDowntime(downtime);
        JsonNode incident = awaitIncident(host, i -> i.get("status").asText().equals("triggered"));
        assertThat(incident.get("title").asText()).startsWith("host web-xq-01 is DOWN");
        assertThat(silenceOf(downtime).get("state").asText()).isEqualTo("expired");

        icinga.result(host, 0, "UP");
        awaitIncident(host, i -> i.get("status").asText().equals("resolved"));
    }

    @Test
    void afterIcinga2RestartsSiftReconnectsAndReconcilesWhatChangedMeanwhile() {
        String disk = "db-xq-02!disk";
        String host = "db-xq-02";
        icinga.result(disk, 2, "DISK CRITICAL - / 97%");
        long diskIncident = awaitIncident(disk, i -> i.get("status").asText().equals("triggered")).get("id")
                .asLong();

        // Icinga2 restarts without Sift's ApiUser: Sift's stream ends and it cannot get back in
        icinga.restart(false);
        JsonNode down = awaitHealth(h -> !h.get("connected").asBoolean() && !h.get("lastError").isNull()
                && h.get("lastError").asText().contains("HTTP 401"));
        assertThat(down.get("lastError").asText()).contains("check the integration's username and password");
        // meanwhile, the disk recovers and the host goes down: Sift hears nothing of it
        icinga.result(disk, 0, "DISK OK");
        icinga.result(host, 1, "DOWN - no route (synthetic)");

        icinga.restart(true);
        awaitIncident(disk, i -> i.get("status").asText().equals("resolved"));
        JsonNode hostIncident = awaitIncident(host, i -> i.get("status").asText().equals("triggered"));
        assertThat(hostIncident.get("id").asLong()).isNotEqualTo(diskIncident);
        JsonNode health = awaitHealth(h -> h.get("connected").asBoolean());
        assertThat(Instant.parse(health.get("lastReconciledAt").asText()))
                .isAfter(Instant.parse(down.get("lastErrorAt").asText()));
        assertThat(alertCount(disk)).isEqualTo(1);
        assertThat(alertCount(host)).isEqualTo(1);

        // the stream works again after the reconnect, and a second reconcile (restart) duplicates nothing
        icinga.restart(true);
        icinga.result(host, 0, "UP");
        awaitIncident(host, i -> i.get("status").asText().equals("resolved"));
        assertThat(alertCount(host)).isEqualTo(1);
    }

    @Test
    void acknowledgementsAndDowntimesChangedWhileDisconnectedAreReconciled() {
        String load = "db-xq-02!load";
        String ntp = "db-xq-02!ntp";
        icinga.result(load, 2, "LOAD CRITICAL - 31.5");
        long id = awaitIncident(load, i -> i.get("status").asText().equals("triggered")).get("id").asLong();
        String ntpDowntime = icinga.scheduleDowntime(ntp, "bob", "chrony upgrade", Duration.ofHours(1));
        await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).until(() -> silenceOf(ntpDowntime),
                s -> s != null && s.get("state").asText().equals("active"));

        icinga.restart(false);
        awaitHealth(h -> !h.get("connected").asBoolean() && h.get("lastError").asText().contains("HTTP 401"));
        icinga.acknowledge(load, "carol", "on it");
        icinga.removeDowntime(ntpDowntime);
        String loadDowntime = icinga.scheduleDowntime(load, "carol", "rebalancing", Duration.ofHours(2));

        icinga.restart(true);
        JsonNode acked = awaitIncident(load, i -> i.get("status").asText().equals("acknowledged"));
        assertThat(acked.get("id").asLong()).isEqualTo(id);
        assertThat(acked.get("assignee").asText()).isEqualTo("icinga2:carol");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).until(() -> silenceOf(ntpDowntime),
                s -> s.get("state").asText().equals("expired"));
        JsonNode loadSilence = await().atMost(BOUND).pollInterval(Duration.ofMillis(250))
                .until(() -> silenceOf(loadDowntime), s -> s != null && s.get("state").asText().equals("active"));
        assertThat(loadSilence.get("comment").asText()).endsWith("by carol: rebalancing");

        icinga.removeDowntime(loadDowntime);
        icinga.result(load, 0, "LOAD OK");
        awaitIncident(load, i -> i.get("alerts").get(0).get("status").asText().equals("resolved"));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String fingerprint(String object) {
        return Icinga2Events.fingerprint(integrationId, object);
    }

    private static JsonNode alertOf(String object) {
        JsonNode items = sift.getJson("/api/v1/alerts?q=" + fingerprint(object)).get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    private static int alertCount(String object) {
        return sift.getJson("/api/v1/alerts?q=" + fingerprint(object)).get("items").size();
    }

    private static JsonNode awaitIncident(String object, Predicate<JsonNode> condition) {
        return await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode alert = alertOf(object);
            if (alert == null || alert.get("incidentId").isNull() || alert.get("incidentId").asLong() == 0) {
                return null;
            }
            return sift.getJson("/api/v1/incidents/" + alert.get("incidentId").asLong());
        }, i -> i != null && condition.test(i));
    }

    private static JsonNode integration() {
        for (JsonNode i : sift.getJson("/api/v1/integrations").get("items")) {
            if (i.get("id").asLong() == integrationId) {
                return i;
            }
        }
        throw new AssertionError("integration " + integrationName + " is not listed");
    }

    private static JsonNode awaitHealth(Predicate<JsonNode> condition) {
        return await().atMost(BOUND).pollInterval(Duration.ofMillis(250))
                .until(() -> integration().get("health"), h -> h != null && !h.isNull() && condition.test(h));
    }

    /** The acknowledgement comment (entry type 4) on an Icinga2 object, or null. */
    private static JsonNode acknowledgementOf(String object) {
        return commentOf(object, 4, null);
    }

    /** A comment of this entry type (1 user, 4 acknowledgement) on an Icinga2 object, with this text if given. */
    private static JsonNode commentOf(String object, int entryType, String text) {
        String[] parts = object.split("!", 2);
        for (JsonNode c : icinga.get("/v1/objects/comments?attrs=author&attrs=text&attrs=entry_type"
                + "&attrs=host_name&attrs=service_name").get("results")) {
            JsonNode a = c.get("attrs");
            if (a.get("host_name").asText().equals(parts[0])
                    && a.get("service_name").asText().equals(parts.length > 1 ? parts[1] : "")
                    && a.get("entry_type").asInt() == entryType
                    && (text == null || a.get("text").asText().equals(text))) {
                return a;
            }
        }
        return null;
    }

    private static JsonNode silenceOf(String downtime) {
        for (JsonNode s : sift.getJson("/api/v1/silences?limit=200").get("items")) {
            if (s.path("comment").asText().startsWith("Icinga2 downtime " + downtime + " ")) {
                return s;
            }
        }
        return null;
    }
}
