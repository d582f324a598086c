package dev.sift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.app.TestSift;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `sift` command as a person runs it: a separate process, SIFT_URL and SIFT_TOKEN from the environment. */
class CliTest {
    static TestSift sift;

    record Run(int exit, String out) {}

    @BeforeAll
    static void start() {
        sift = TestSift.shared();
    }

    static Run sift(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), SiftCommand.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    static Map<String, String> as(String token) {
        return Map.of("SIFT_URL", "http://127.0.0.1:" + sift.sift.port(), "SIFT_TOKEN", token);
    }

    @Test
    void createsAnIcinga2IntegrationWithThePasswordFromTheEnvironmentAndListsItsConnection() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String name = TestSift.unique("cli-icinga");
        Map<String, String> env = new java.util.HashMap<>(as(TestSift.ADMIN_TOKEN));
        env.put("ICINGA2_PASSWORD", "pw-from-env");
        Run created = sift(env, "integrations", "create", name, "--kind", "icinga2", "--url",
                "https://127.0.0.1:" + closedPort, "--username", "sift", "--insecure-tls");
        assertThat(created.exit()).as(created.out()).isZero();
        assertThat(created.out()).contains("Sift connects to https://127.0.0.1:" + closedPort);

        Run missing = sift(as(TestSift.ADMIN_TOKEN), "integrations", "create", TestSift.unique("cli-icinga"),
                "--kind", "icinga2", "--url", "https://127.0.0.1:" + closedPort, "--username", "sift");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.out()).contains("config.password");

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(500)).untilAsserted(() -> {
                    Run list = sift(as(TestSift.ADMIN_TOKEN), "integrations", "list");
                    assertThat(list.out()).contains(name).contains("disconnected; last error: cannot reach")
                            .doesNotContain("pw-from-env");
                });
    }

    @Test
    void listShowAndActOnIncidents() throws Exception {
        String key = sift.integration("alertmanager");
        String name = TestSift.unique("CliDisk");
        String body = "{\"version\":\"4\",\"alerts\":[{\"labels\":{\"alertname\":\"" + name
                + "\",\"severity\":\"critical\",\"team\":\"storage\"},\"annotations\":{\"summary\":\"" + name
                + " on db1\"},\"startsAt\":\"2026-11-22T07:00:00Z\"}]}";
        assertThat(sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body.getBytes())
                .statusCode()).isEqualTo(200);
        long id = sift.getJson("/api/v1/alerts?q=" + name).get("items").get(0).get("incidentId").asLong();
        String carol = TestSift.unique("carol");
        String token = sift.user(carol, "responder");

        Run list = sift(as(token), "incidents", "list", "-q", name);
        assertThat(list.exit()).as(list.out()).isZero();
        assertThat(list.out()).contains("#" + id, "P1", "triggered", name + " on db1", "storage");

        Run ack = sift(as(token), "incidents", "ack", "#" + id);
        assertThat(ack.out()).contains("#" + id + " is acknowledged, assigned to " + carol);
        Run snooze = sift(as(token), "incidents", "snooze", Long.toString(id), "--for", "30m");
        assertThat(snooze.out()).contains("is snoozed");
        Run comment = sift(as(token), "incidents", "comment", Long.toString(id), "checking the disk");
        assertThat(comment.exit()).isZero();

        Run show = sift(as(token), "incidents", "show", Long.toString(id));
        assertThat(show.out()).contains("status snoozed", "acknowledged by " + carol, "snoozed by " + carol,
                "checking the disk", "severity critical → P1");
    }

    @Test
    void mergeAndMoveCorrectGrouping() throws Exception {
        String key = sift.integration("alertmanager");
        String zone = TestSift.unique("zone");
        String first = TestSift.unique("CliRegistration"), second = TestSift.unique("CliModelStale");
        String body = "{\"version\":\"4\",\"alerts\":[" + amAlert(first, zone) + "," + amAlert(second, zone) + "]}";
        assertThat(sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body.getBytes())
                .statusCode()).isEqualTo(200);
        long a = sift.getJson("/api/v1/alerts?q=" + first).get("items").get(0).get("incidentId").asLong();
        long b = sift.getJson("/api/v1/alerts?q=" + second).get("items").get(0).get("incidentId").asLong();
        long alertA = sift.getJson("/api/v1/alerts?q=" + first).get("items").get(0).get("id").asLong();
        String token = sift.user(TestSift.unique("mo"), "responder");

        Run merge = sift(as(token), "incidents", "merge", "#" + a, "--into", "#" + b, "--reason", "one cause");
        assertThat(merge.exit()).as(merge.out()).isZero();
        assertThat(merge.out()).contains("#" + a + " merged into #" + b + "; #" + b + " is triggered with 2 alerts");
        Run merged = sift(as(token), "incidents", "show", Long.toString(a));
        assertThat(merged.out()).contains("status closed", "merged into #" + b + ": see there", "merged: merged into #"
                + b + " by ");
        Run show = sift(as(token), "incidents", "show", Long.toString(b));
        assertThat(show.out()).contains("ID", Long.toString(alertA), "#" + a + " merged into this incident by ");

        Run split = sift(as(token), "incidents", "move", Long.toString(b), "--alert", Long.toString(alertA));
        assertThat(split.exit()).as(split.out()).isZero();
        assertThat(split.out()).containsPattern("alert " + alertA + " split off into #\\d+; #\\d+ is triggered with 1 alert,");
        Run refused = sift(as(token), "incidents", "move", Long.toString(b), "--alert", Long.toString(alertA),
                "--into", "#" + a);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.out()).contains("is not in incident #" + b);
    }

    private static String amAlert(String name, String zone) {
        return "{\"labels\":{\"alertname\":\"" + name + "\",\"zone\":\"" + zone + "\",\"severity\":\"warning\"},"
                + "\"annotations\":{\"summary\":\"" + name + "\"},\"startsAt\":\"2026-11-22T07:00:00Z\"}";
    }

    @Test
    void createListAndExpireASilence() throws Exception {
        String team = TestSift.unique("cli-db");
        String token = sift.user(TestSift.unique("dora"), "responder");

        Run create = sift(as(token), "silences", "create", "team=\"" + team + "\"", "--for", "2h", "-c", "db move");
        assertThat(create.exit()).as(create.out()).isZero();
        assertThat(create.out()).startsWith("silence ").contains(" active from ", "team=\"" + team + "\"");
        String id = create.out().split(" ")[1];

        String key = sift.integration("alertmanager");
        String name = TestSift.unique("CliSilenced");
        String body = "{\"version\":\"4\",\"alerts\":[{\"labels\":{\"alertname\":\"" + name + "\",\"team\":\""
                + team + "\"},\"annotations\":{},\"startsAt\":\"2026-11-22T07:00:00Z\"}]}";
        assertThat(sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body.getBytes())
                .statusCode()).isEqualTo(200);
        Run alerts = sift(as(token), "alerts", "--status", "silenced", "-q", name);
        assertThat(alerts.out()).contains("silenced (silence:" + id + ")");

        Run list = sift(as(token), "silences", "list", "--state", "active");
        assertThat(list.out()).contains(id, "active", "team=\"" + team + "\"", "db move");
        Run expire = sift(as(token), "silences", "expire", id);
        assertThat(expire.exit()).as(expire.out()).isZero();
        assertThat(expire.out()).contains("silence " + id + " expired at");
        assertThat(sift(as(token), "silences", "expire", id).out()).contains("already ended");
        assertThat(sift.getJson("/api/v1/alerts?q=" + name).get("items").get(0).get("incidentId").isNull()).isFalse();
    }

    @Test
    void failuresSayWhatIsWrong() throws Exception {
        Run noToken = sift(Map.of("SIFT_URL", "http://127.0.0.1:" + sift.sift.port(), "SIFT_TOKEN", ""),
                "incidents", "list");
        assertThat(noToken.exit()).isEqualTo(1);
        assertThat(noToken.out()).contains("SIFT_TOKEN is not set");
        Run badToken = sift(as("sift_wrong"), "incidents", "list");
        assertThat(badToken.out()).contains("unknown or revoked API token (HTTP 401)");
        Run missing = sift(as(TestSift.ADMIN_TOKEN), "incidents", "show", "999999");
        assertThat(missing.out()).contains("no incident #999999 (HTTP 404)");
        Run down = sift(Map.of("SIFT_URL", "http://127.0.0.1:1", "SIFT_TOKEN", "x"), "incidents", "list");
        assertThat(down.out()).contains("cannot reach Sift at http://127.0.0.1:1");
    }

    @Test
    void replayPrintsASummaryAndWritesOneLinePerEvent(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("events.jsonl");
        try (var in = CliTest.class.getResourceAsStream("/fixtures/upcommerce-events.jsonl")) {
            Files.write(input, in.readAllBytes());
        }
        Path output = dir.resolve("out.jsonl");
        Run run = sift(Map.of(), "replay", "--input", input.toString(), "--output", output.toString());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("31 events → 8 alerts (distinct label sets) → 7 incidents");
        assertThat(run.out()).contains("#2", "Zone OH-1: Endpoint registration failed transient", "20",
                "Zone AB: Served LLM model is far older");
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(31);
        assertThat(lines.getFirst()).isEqualTo("{\"id\":\"u001\",\"incident\":\"2\"}");
    }

    @Test
    void replayWithTheFieldTeamsRulesReportsWhatEachRuleDid(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("events.jsonl");
        try (var in = CliTest.class.getResourceAsStream("/fixtures/upcommerce-events.jsonl")) {
            Files.write(input, in.readAllBytes());
        }
        String config = Path.of("..", "examples", "upcommerce", "sift.yaml").toString();

        Run run = sift(Map.of(), "replay", "--input", input.toString(), "--config", config, "--run-on", "1h");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("31 events → 8 alerts (distinct label sets) → 6 incidents",
                // 7 opened; one was merged into another, so its ticket is resolved
                "tickets (dry run of the ticket policy: one ticket system, nobody takes a ticket): 7 created,"
                        + " 1 comments, 1 resolved, 0 reopened, 0 events ignored; 6 still open", """
                TRANSIENT RULE      HELD  AUTO-CLEARED  LET THROUGH  PENDING AT END  EXPIRED
                registration-blips  3     0             3            0               0
                """, """
                SLA POLICY          INCIDENTS  ACK BREACHED  RESOLVE BREACHED
                P1-round-the-clock  3          3             0
                """);

        Run json = sift(Map.of(), "replay", "--input", input.toString(), "--config", config, "--report", "json");
        assertThat(json.exit()).as(json.out()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"incidents\" : 6", "\"rule\" : \"registration-blips\"");

        Run wrong = sift(Map.of(), "replay", "--input", input.toString(), "--report", "xml");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.out()).contains("--report: unknown value 'xml'; expected text, json or none");
    }

    @Test
    void checkConfigNamesFileLineAndField(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "automation:\n  reopenWindow: 2h\n");
        Run ok = sift(Map.of(), "check-config", good.toString());
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).contains("OK", "reopen window: 2h", "routes: none (queue and priority from the defaults)");

        Path routed = dir.resolve("routed.yaml");
        Files.writeString(routed, """
                routes:
                  - name: db
                    matchers: ['team=~"db|storage"']
                    continue: true
                    routes:
                      - matchers: ['severity="critical"']
                  - queue: rest
                """);
        Run tree = sift(Map.of(), "check-config", routed.toString());
        assertThat(tree.exit()).as(tree.out()).isZero();
        assertThat(tree.out()).contains("""
                  routes: 2 at the top
                    routes[0] "db": team=~"db|storage" (continue)
                      routes[0].routes[0]: severity="critical"
                    routes[1]: every alert
                """);
        assertThat(tree.out()).contains("transients: none (every alert opens or joins an incident at once)",
                "flapping: 4 state changes within 30m");

        Path held = dir.resolve("held.yaml");
        Files.writeString(held, """
                transients:
                  - name: blips
                    matchers: ['alertname=~".*Transient.*"']
                    holdFor: 10m
                    minOccurrences: 3
                    window: 30m
                flapping: false
                """);
        Run holds = sift(Map.of(), "check-config", held.toString());
        assertThat(holds.exit()).as(holds.out()).isZero();
        assertThat(holds.out()).contains("""
                  silences: none; maintenance windows: none
                  inhibit rules: none
                  transients: 1 in matching order
                    transients[0] "blips": alertname=~".*Transient.*" → pending until firing for 10m or seen 3 times\
                 within 30m
                  flapping: off
                """);

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                automation:
                  closeafter: 24h
                  reopenWindow: soon
                  autoResolve: maybe
                priorities:
                  critical: P0
                """);
        Run fail = sift(Map.of(), "check-config", bad.toString());
        assertThat(fail.exit()).isEqualTo(1);
        assertThat(fail.out()).contains(bad + ":2: automation.closeafter: unknown field (hint: did you mean 'closeAfter'?)")
                .contains(bad + ":3: automation.reopenWindow: invalid duration 'soon'")
                .contains(bad + ":4: automation.autoResolve: must be true or false")
                .contains(bad + ":6: priorities.critical: unknown priority 'P0'")
                .contains("4 error(s)");
    }

    @Test
    void notificationsListsTheOutboxAndRefusesAnUnknownState() throws Exception {
        Run none = sift(as(TestSift.ADMIN_TOKEN), "notifications", "--state", "dead", "--incident", "999999");
        assertThat(none.exit()).isZero();
        assertThat(none.out()).contains("no notifications");
        Run bad = sift(as(TestSift.ADMIN_TOKEN), "notifications", "--state", "lost");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.out()).contains("state must be 'pending', 'delivered' or 'dead', got 'lost'");
    }

    @Test
    void analyticsPrintsReadableTablesAndCsvAndRefusesAnUnknownReport() throws Exception {
        String viewer = sift.user(TestSift.unique("lead"), "viewer");
        String[] quiet = {"--from", "2020-01-06", "--to", "2020-01-07"}; // before any test's data: exact numbers
        Run funnel = sift(as(viewer), concat(new String[] {"analytics", "funnel"}, quiet));
        assertThat(funnel.exit()).as(funnel.out()).isZero();
        assertThat(funnel.out()).isEqualTo("""
                Noise funnel (UTC days) from 2020-01-06T00:00:00Z to 2020-01-08T00:00:00Z
                DAY         SIGNALS  ALERTS  INCIDENTS  NOTIFIED  DEDUP  GROUPING  OVERALL  HELD  AUTO-CLEARED  \
                SILENCED  INHIBITED
                2020-01-06  0        0       0          0         -      -         -        0     0             \
                0         0
                2020-01-07  0        0       0          0         -      -         -        0     0             \
                0         0
                total       0        0       0          0         -      -         -        0     0             \
                0         0
                DEDUP = 1 - alerts/signals, GROUPING = 1 - incidents/alerts, OVERALL = 1 - incidents/signals
                """);
        Run noisy = sift(as(viewer), concat(new String[] {"analytics", "noisy"}, quiet));
        assertThat(noisy.out()).contains("no alerts in this period", "no alert flapped in this period",
                "no alert was held by a transient rule in this period");
        Run response = sift(as(viewer), concat(new String[] {"analytics", "response"}, quiet));
        assertThat(response.out()).contains("MTTA MEAN", "Incidents per on-call hour (calendar 24x7)")
                .containsPattern("total +0 +0 +- +- +-");
        Run sla = sift(as(viewer), concat(new String[] {"analytics", "sla", "--csv"}, quiet));
        assertThat(sla.out()).isEqualTo("policy,queue,incidents,ackBreaches,resolveBreaches,breached,compliance\r\n"
                + "total,,0,0,0,0,\r\n");
        Run bad = sift(as(viewer), "analytics", "toil");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.out()).contains("no report 'toil'; choose one of funnel, noisy, response, sla");
        Run badDay = sift(as(viewer), "analytics", "sla", "--from", "monday");
        assertThat(badDay.exit()).isNotZero();
        assertThat(badDay.out()).contains("from must be an RFC 3339 time such as 2026-11-20T08:00:00Z or a day");
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Run help = sift(Map.of(), "--help");
        assertThat(help.out()).contains("serve", "replay", "check-config", "incidents", "alerts", "users",
                "integrations", "analytics");
    }
}
