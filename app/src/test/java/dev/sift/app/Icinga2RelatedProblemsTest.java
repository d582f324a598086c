package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.app.icinga2.Icinga2Events;
import dev.sift.app.peers.Icinga2Peer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host's service problems are related to the host's problem through the {@code host} label that both carry: with
 * the inhibit rule that docs/connectors.md suggests, a service that fails while its host is DOWN joins the host's
 * incident as a related alert instead of opening an incident of its own (real Icinga2, real Sift).
 */
class Icinga2RelatedProblemsTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    static final String RULES = """
            grouping:
              policies:
                default:
                  mode: none
            inhibit:
              - name: icinga2-host-down
                source: ['@source="icinga2"', 'alertname="HostDown"']
                target: ['@source="icinga2"', 'service!=""']
                equal: [host]
            """;

    static TestSift sift;
    static Icinga2Peer icinga;
    static long integrationId;

    @BeforeAll
    static void start(@TempDir Path work) {
        icinga = Icinga2Peer.start(work.resolve("icinga2"));
        sift = TestSift.start(work.resolve("sift"), RULES);
        var r = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN, Map.of("name", "icinga", "kind", "icinga2",
                "config", Map.of("url", icinga.url().toString(), "username", Icinga2Peer.SIFT_USER,
                        "password", Icinga2Peer.SIFT_PASSWORD, "caFile", icinga.caFile().toString())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        integrationId = sift.body(r).get("id").asLong();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(
                () -> sift.getJson("/api/v1/integrations").get("items").get(0).get("health"),
                h -> h.get("connected").asBoolean() && !h.get("lastReconciledAt").isNull());
    }

    @AfterAll
    static void stop() {
        if (sift != null) {
            sift.close();
        }
        if (icinga != null) {
            icinga.close();
        }
    }

    @Test
    void aServiceFailingOnADownHostJoinsTheHostsIncident() {
        icinga.result("web-xq-01", 1, "DOWN - no route (synthetic)");
        long hostIncident = await().atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> alertOf("web-xq-01"), a -> a != null && a.get("incidentId").asLong() > 0)
                .get("incidentId").asLong();

        icinga.result("web-xq-01!http", 2, "HTTP CRITICAL - connection refused");
        JsonNode service = await().atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> alertOf("web-xq-01!http"), a -> a != null && a.get("incidentId").asLong() > 0);
        assertThat(service.get("incidentId").asLong()).isEqualTo(hostIncident);
        assertThat(service.get("inhibited").get("reason").asText()).contains("icinga2-host-down");
        JsonNode incident = sift.getJson("/api/v1/incidents/" + hostIncident);
        assertThat(incident.get("title").asText()).startsWith("host web-xq-01 is DOWN");
        assertThat(incident.get("alerts")).hasSize(2);
    }

    private static JsonNode alertOf(String object) {
        JsonNode items = sift.getJson("/api/v1/alerts?q=" + Icinga2Events.fingerprint(integrationId, object))
                .get("items");
        return items.isEmpty() ? null : items.get(0);
    }
}
