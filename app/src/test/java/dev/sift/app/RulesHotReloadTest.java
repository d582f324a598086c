package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules file changed on disk while alerts flow: new incidents follow the new routes from one moment on
 * (never a mix), no acknowledged alert is lost, and an invalid file keeps the old rules running, visibly.
 */
class RulesHotReloadTest {
    static final Duration BOUND = Duration.ofSeconds(30);

    static TestSift sift;
    static Path rules;
    static String key;

    static String routeTo(String queue) {
        return """
                routes:
                  - name: db
                    matchers: ['team="db"']
                    queue: %s
                """.formatted(queue);
    }

    @BeforeAll
    static void start() throws Exception {
        Path home = TestSift.newHome();
        rules = home.resolve("sift.yaml");
        Files.writeString(rules, routeTo("dba-v1"));
        sift = TestSift.start(home, s -> s.withConfigFile(rules).withRulesPollInterval(Duration.ofMillis(100)));
        key = sift.integration("alertmanager");
    }

    @AfterAll
    static void stop() {
        sift.close();
    }

    /** As editors and config-map updates do it: a new file moved over the old one. */
    static void replaceRules(String yaml) throws Exception {
        Path next = rules.resolveSibling("sift.yaml.new");
        Files.writeString(next, yaml);
        Files.move(next, rules, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static int fire(String alertname) {
        String body = """
                {"version":"4","alerts":[{"status":"firing","labels":{"alertname":"%s","team":"db"},
                 "annotations":{},"startsAt":"2026-11-22T07:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]}"""
                .formatted(alertname);
        return sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body.getBytes())
                .statusCode();
    }

    JsonNode ready() {
        return sift.body(sift.get("/readyz", null));
    }

    String metrics() {
        return sift.get("/metrics", null).body();
    }

    @Test
    void newRulesApplyWhileAlertsFlowAndAnInvalidFileKeepsTheOldOnes() throws Exception {
        String prefix = TestSift.unique("Reload");
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sender = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                String name = prefix + "-" + sent.incrementAndGet() + "-x"; // "-1-x" is no substring of "-11-x"
                if (fire(name) == 200) {
                    acknowledged.add(name);
                }
            }
        });
        try {
            await().atMost(BOUND).until(() -> acknowledged.size() >= 20);
            replaceRules(routeTo("dba-v2"));
            await().atMost(BOUND).until(() -> queueOf(last(acknowledged)).equals("dba-v2"));
            int beforeInvalid = acknowledged.size();

            replaceRules(routeTo("dba-v3") + "    priority: P9\n");
            await().atMost(BOUND).until(() -> ready().get("rules").get("status").asText().equals("invalid"));
            JsonNode ready = ready();
            assertThat(ready.get("status").asText()).as("Sift still takes alerts").isEqualTo("ready");
            assertThat(ready.get("rules").get("file").asText()).isEqualTo(rules.toString());
            assertThat(ready.get("rules").get("errors").get(0).asText()).isEqualTo(rules + ":5: routes[0].priority:"
                    + " unknown priority 'P9'; expected one of P1, P2, P3, P4, P5 (hint: P1 is the most urgent; +1"
                    + " moves one step towards P1)");
            assertThat(metrics()).contains("sift_rules_valid 0.0")
                    .contains("sift_rules_reload_total{result=\"invalid\"} 1.0")
                    .contains("sift_rules_reload_total{result=\"ok\"} 1.0");
            await().atMost(BOUND).until(() -> acknowledged.size() >= beforeInvalid + 20);
            assertThat(queueOf(last(acknowledged))).as("the old rules keep running").isEqualTo("dba-v2");
            assertThat(sift.getJson("/api/v1/rules").get("routes").get(0).get("queue").asText()).isEqualTo("dba-v2");
        } finally {
            running.set(false);
            sender.join(BOUND.toMillis());
        }

        // Nothing acknowledged was lost, and the switch happened at one point in the order of incidents.
        Map<Long, String> queueByIncident = new TreeMap<>();
        for (String name : acknowledged) {
            JsonNode incident = sift.incidentOfAlertNamed(name);
            assertThat(incident).as(name + " was acknowledged, so it must be stored").isNotNull();
            queueByIncident.put(incident.get("id").asLong(), incident.get("queue").asText());
        }
        List<String> queues = new ArrayList<>(queueByIncident.values());
        int firstV2 = queues.indexOf("dba-v2");
        assertThat(firstV2).isPositive();
        assertThat(queues.subList(0, firstV2)).containsOnly("dba-v1");
        assertThat(queues.subList(firstV2, queues.size())).containsOnly("dba-v2");

        replaceRules(routeTo("dba-v4"));
        await().atMost(BOUND).until(() -> ready().get("rules").get("status").asText().equals("ok"));
        assertThat(metrics()).contains("sift_rules_valid 1.0");
    }

    @Test
    void sighupReloadsAtOnce() throws Exception {
        // A second Sift polling only hourly: the reload below can only come from the signal.
        Path home = TestSift.newHome();
        Path file = Files.writeString(home.resolve("sift.yaml"), routeTo("before-hup"));
        try (TestSift hup = TestSift.start(home, s -> s.withConfigFile(file)
                .withRulesPollInterval(Duration.ofHours(1)))) {
            String loadedAt = hup.getJson("/api/v1/rules").get("loadedAt").asText();
            Files.writeString(file, routeTo("after-hup"));
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
                    .inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            await().atMost(BOUND).until(() -> !hup.getJson("/api/v1/rules").get("loadedAt").asText().equals(loadedAt));
            assertThat(hup.getJson("/api/v1/rules").get("routes").get(0).get("queue").asText()).isEqualTo("after-hup");
        }
    }

    private static String last(ConcurrentLinkedQueue<String> names) {
        String last = null;
        for (String n : names) {
            last = n;
        }
        return last;
    }

    private static String queueOf(String alertname) {
        return sift.incidentOfAlertNamed(alertname).get("queue").asText();
    }
}
