package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Toil analytics over HTTP and real PostgreSQL, with a clock moved by hand through a known stream over two days:
 * an alert repeated three times, a transient held and auto-cleared, an alert that flaps (fires three times), an
 * acknowledgement after 12 minutes that breaches its SLA and a resolve after 50; the next evening a P1 acknowledged
 * after 5 minutes and resolved after 40. Every number of every report is asserted exactly, and the funnel's CSV.
 */
class AnalyticsEndToEndTest {
    static final String RULES = TestSift.NO_GROUPING + """
            routes:
              - name: db
                matchers: ['team="db"']
                queue: dba
              - name: web
                matchers: ['team="web"']
                queue: web
            transients:
              - name: blips
                matchers: ['alertname="Blip"']
                holdFor: 30m
            flapping: {changes: 4, window: 30m}
            channels:
              - name: hook
                type: webhook
                url: http://127.0.0.1:9/nobody-listens
                events: [opened]
            notifications:
              defaultChannels: [hook]
              attempts: 1
            sla:
              calendars:
                - name: office
                  timeZone: UTC
                  hours:
                    - every: [mon, tue, wed, thu, fri]
                      from: "09:00"
                      to: "17:00"
              policies:
                - name: dba
                  queues: [dba]
                  calendar: office
                  acknowledgeWithin: 10m
                  resolveWithin: 1h
                - name: P1-default
                  priorities: [P1]
                  acknowledgeWithin: 15m
                  resolveWithin: 4h
            """;
    static final Duration WAIT = Duration.ofSeconds(20);
    /** A Monday, at the start of office hours. */
    static final Instant T0 = Instant.parse("2026-11-16T09:00:00Z");
    static final String PERIOD = "from=2026-11-16&to=2026-11-17";

    static final MovableClock clock = new MovableClock(T0);
    static TestSift sift;
    static String key;

    @BeforeAll
    static void feedAKnownStream() {
        sift = TestSift.start(TestSift.newHome(), RULES, clock);
        key = sift.integration("alertmanager");

        // Monday 09:00: DiskFull three times (two repeats), a Blip that a transient rule holds.
        for (int i = 0; i < 3; i++) {
            send("firing", "DiskFull", "error", "db", T0);
        }
        send("firing", "Blip", "warning", "web", T0);
        long diskFull = incidentOf("DiskFull");

        // 09:01 – 09:30: Flappy fires three times and recovers in between; the Blip recovers while held.
        at("09:01");
        send("firing", "Flappy", "warning", "web", clock.instant());
        at("09:02");
        send("resolved", "Blip", "warning", "web", T0);
        send("resolved", "Flappy", "warning", "web", Instant.parse("2026-11-16T09:01:00Z"));
        at("09:03");
        send("firing", "Flappy", "warning", "web", clock.instant());
        at("09:04");
        send("resolved", "Flappy", "warning", "web", Instant.parse("2026-11-16T09:03:00Z"));
        at("09:05");
        send("firing", "Flappy", "warning", "web", clock.instant());

        // 09:11: nobody has acknowledged DiskFull within 10 minutes: its SLA breaches; acknowledged at 09:12.
        at("09:11");
        await().atMost(WAIT).until(() -> sift.getJson("/api/v1/incidents/" + diskFull).get("sla").get("ackBreached")
                .asBoolean());
        at("09:12");
        act(diskFull, "acknowledge");
        at("09:30");
        send("resolved", "Flappy", "warning", "web", Instant.parse("2026-11-16T09:05:00Z"));
        at("09:50");
        act(diskFull, "resolve");

        // Tuesday 20:00, outside office hours: a P1, acknowledged after 5 minutes, resolved after 40.
        clock.set(Instant.parse("2026-11-17T20:00:00Z"));
        Instant cpu = clock.instant();
        send("firing", "CpuHot", "critical", "web", cpu);
        long cpuHot = incidentOf("CpuHot");
        clock.set(Instant.parse("2026-11-17T20:05:00Z"));
        act(cpuHot, "acknowledge");
        clock.set(Instant.parse("2026-11-17T20:30:00Z"));
        send("resolved", "CpuHot", "critical", "web", cpu);
        clock.set(Instant.parse("2026-11-17T20:40:00Z"));
        act(cpuHot, "resolve");
    }

    @AfterAll
    static void stop() {
        sift.close();
    }

    static void at(String hhmm) {
        clock.set(Instant.parse("2026-11-16T" + hhmm + ":00Z"));
    }

    static void send(String status, String alertname, String severity, String team, Instant startsAt) {
        String body = """
                {"version":"4","status":"%1$s","receiver":"sift","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"http://am:9093","groupKey":"{}:{}",
                 "alerts":[{"status":"%1$s","labels":{"alertname":"%2$s","severity":"%3$s","team":"%4$s",
                 "instance":"host-1"},"annotations":{"summary":"%2$s on host-1"},"startsAt":"%5$s","endsAt":"%6$s"}]}"""
                .formatted(status, alertname, severity, team, startsAt,
                        status.equals("firing") ? "0001-01-01T00:00:00Z" : clock.instant());
        var r = sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json", body.getBytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static long incidentOf(String alertname) {
        return sift.getJson("/api/v1/alerts?q=" + alertname).get("items").get(0).get("incidentId").asLong();
    }

    static void act(long incident, String action) {
        var r = sift.post("/api/v1/incidents/" + incident + "/" + action, TestSift.ADMIN_TOKEN, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static JsonNode report(String path) {
        return sift.getJson("/api/v1/analytics/" + path);
    }

    static List<String> row(JsonNode n, String... fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            out.add(n.get(f).isNull() ? "null" : n.get(f).asText());
        }
        return out;
    }

    static final String[] FUNNEL = {"day", "signals", "alerts", "incidents", "notifications", "dedupReduction",
            "groupingReduction", "notificationReduction", "totalReduction", "held", "autoCleared", "silenced",
            "inhibited"};

    @Test
    void theFunnelCountsEverySignalThenNewAlertsThenIncidentsThenNotificationsPerDay() {
        JsonNode funnel = report("funnel?" + PERIOD);
        assertThat(funnel.get("from").asText()).isEqualTo("2026-11-16T00:00:00Z");
        assertThat(funnel.get("to").asText()).isEqualTo("2026-11-18T00:00:00Z");
        assertThat(funnel.get("items")).hasSize(2);
        assertThat(row(funnel.get("items").get(0), FUNNEL)).containsExactly(
                "2026-11-16", "11", "3", "2", "2", "0.727", "0.333", "0.0", "0.818", "1", "1", "0", "0");
        assertThat(row(funnel.get("items").get(1), FUNNEL)).containsExactly(
                "2026-11-17", "2", "1", "1", "1", "0.5", "0.0", "0.0", "0.5", "0", "0", "0", "0");
        assertThat(row(funnel.get("total"), FUNNEL)).containsExactly(
                "null", "13", "4", "3", "3", "0.692", "0.25", "0.0", "0.769", "1", "1", "0", "0");
    }

    @Test
    void aQueueNarrowsTheFunnelToItsIncidentsAndSignalsAreNotCountedThen() {
        JsonNode funnel = report("funnel?" + PERIOD + "&queue=dba");
        assertThat(funnel.get("queue").asText()).isEqualTo("dba");
        assertThat(row(funnel.get("items").get(0), FUNNEL)).containsExactly(
                "2026-11-16", "null", "1", "1", "1", "null", "0.0", "0.0", "null", "0", "0", "0", "0");
        assertThat(row(funnel.get("total"), "alerts", "incidents", "notifications")).containsExactly("1", "1", "1");
        assertThat(row(report("funnel?" + PERIOD + "&priority=P1").get("total"), "alerts", "incidents"))
                .containsExactly("1", "1");
    }

    @Test
    void theFunnelAsCsvHasTheSameColumnsAndTheTotalLast() {
        for (var r : List.of(sift.get("/api/v1/analytics/funnel?" + PERIOD + "&format=csv", TestSift.ADMIN_TOKEN),
                getAccepting("/api/v1/analytics/funnel?" + PERIOD, "text/csv"))) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
            assertThat(r.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"sift-funnel-2026-11-16-2026-11-17.csv\"");
            assertThat(r.body()).isEqualTo("""
                    day,signals,alerts,incidents,notifications,dedupReduction,groupingReduction,\
                    notificationReduction,totalReduction,held,autoCleared,silenced,inhibited\r
                    2026-11-16,11,3,2,2,0.727,0.333,0.0,0.818,1,1,0,0\r
                    2026-11-17,2,1,1,1,0.5,0.0,0.0,0.5,0,0,0,0\r
                    total,13,4,3,3,0.692,0.25,0.0,0.769,1,1,0,0\r
                    """);
        }
    }

    @Test
    void theNoisiestKindsComeWithTheMatchersToSilenceThem() {
        JsonNode bySignals = report("noisy?" + PERIOD).get("items");
        assertThat(bySignals.findValuesAsText("kind")).containsExactly("DiskFull", "Flappy", "CpuHot", "Blip");
        JsonNode flappy = bySignals.get(1);
        assertThat(row(flappy, "signals", "alerts", "incidents", "flapping", "autoCleared", "firstSeen", "lastSeen"))
                .containsExactly("3", "1", "1", "1", "0", "2026-11-16T09:01:00Z", "2026-11-16T09:05:00Z");
        List<String> matchers = new ArrayList<>();
        bySignals.get(0).get("matchers").forEach(m -> matchers.add(m.asText()));
        assertThat(matchers).containsExactly("alertname=\"DiskFull\"", "instance=\"host-1\"", "severity=\"error\"",
                "team=\"db\"");
        assertThat(row(bySignals.get(0), "signals", "alerts", "incidents", "flapping"))
                .containsExactly("3", "1", "1", "0");
        assertThat(row(bySignals.get(3), "signals", "alerts", "incidents", "autoCleared"))
                .containsExactly("1", "1", "0", "1");

        assertThat(report("noisy?" + PERIOD + "&by=incidents&limit=2").get("items").findValuesAsText("kind"))
                .containsExactly("DiskFull", "Flappy");
        var csv = sift.get("/api/v1/analytics/noisy?" + PERIOD + "&format=csv&by=incidents&limit=2",
                TestSift.ADMIN_TOKEN);
        assertThat(csv.body()).isEqualTo("kind,signals,alerts,incidents,flapping,autoCleared,firstSeen,lastSeen,"
                + "matchers\r\nDiskFull,3,1,1,0,0,2026-11-16T09:00:00Z,2026-11-16T09:00:00Z,"
                + "\"{alertname=\"\"DiskFull\"\", instance=\"\"host-1\"\", severity=\"\"error\"\","
                + " team=\"\"db\"\"}\"\r\n"
                + "Flappy,3,1,1,1,0,2026-11-16T09:01:00Z,2026-11-16T09:05:00Z,"
                + "\"{alertname=\"\"Flappy\"\", instance=\"\"host-1\"\", severity=\"\"warning\"\","
                + " team=\"\"web\"\"}\"\r\n");
    }

    @Test
    void flappingAlertsAndWhatEachTransientRuleAutoCleared() {
        JsonNode flapping = report("flapping?" + PERIOD).get("items");
        assertThat(flapping).hasSize(1);
        assertThat(row(flapping.get(0), "kind", "episodes", "signals", "status", "flappingNow"))
                .as("the flag cleared once it was quiet for 30m; the timeline remembers").containsExactly(
                        "Flappy", "3", "3", "resolved", "false");
        assertThat(flapping.get(0).get("labels").get("team").asText()).isEqualTo("web");

        JsonNode transients = report("transients?" + PERIOD);
        String[] cols = {"rule", "held", "autoCleared", "letThrough", "pending", "autoClearedShare"};
        assertThat(transients.get("items")).hasSize(1);
        assertThat(row(transients.get("items").get(0), cols)).containsExactly("blips", "1", "1", "0", "0", "1.0");
        assertThat(row(transients.get("total"), cols)).containsExactly("null", "1", "1", "0", "0", "1.0");
    }

    @Test
    void mttaAndMttrByQueueAndPriorityWithMediansAndP90() {
        JsonNode response = report("response?" + PERIOD);
        String[] cols = {"queue", "priority", "incidents", "acknowledged", "mttaMeanSeconds", "mttaMedianSeconds",
                "mttaP90Seconds", "resolved", "resolvedUntouched", "mttrMeanSeconds", "mttrMedianSeconds",
                "mttrP90Seconds"};
        JsonNode items = response.get("items");
        assertThat(items).hasSize(3);
        assertThat(row(items.get(0), cols)).containsExactly(
                "dba", "P2", "1", "1", "720.0", "720.0", "720.0", "1", "0", "3000.0", "3000.0", "3000.0");
        assertThat(row(items.get(1), cols)).containsExactly(
                "web", "P1", "1", "1", "300.0", "300.0", "300.0", "1", "0", "2400.0", "2400.0", "2400.0");
        assertThat(row(items.get(2), cols)).containsExactly(
                "web", "P3", "1", "0", "null", "null", "null", "1", "1", "1740.0", "1740.0", "1740.0");
        assertThat(row(response.get("total"), cols)).containsExactly(
                "null", "null", "3", "2", "510.0", "510.0", "678.0", "3", "1", "2380.0", "2400.0", "2880.0");
    }

    @Test
    void slaComplianceAndBreachesPerPolicyAndQueue() {
        JsonNode sla = report("sla?" + PERIOD);
        String[] cols = {"policy", "queue", "incidents", "ackBreaches", "resolveBreaches", "breached", "compliance"};
        assertThat(sla.get("items")).hasSize(2);
        assertThat(row(sla.get("items").get(0), cols)).containsExactly("P1-default", "web", "1", "0", "0", "0", "1.0");
        assertThat(row(sla.get("items").get(1), cols)).containsExactly("dba", "dba", "1", "1", "0", "1", "0.0");
        assertThat(row(sla.get("total"), cols)).containsExactly("null", "null", "2", "1", "0", "1", "0.5");
    }

    @Test
    void incidentsPerOnCallHourUseTheSlaCalendarAndCountTheRestApart() {
        String[] cols = {"calendar", "onCallHours", "offHours", "incidents", "inHours", "outsideHours",
                "perOnCallHour", "perOffHour"};
        assertThat(row(report("oncall?" + PERIOD).get("items").get(0), cols))
                .containsExactly("office", "16.0", "32.0", "3", "2", "1", "0.125", "0.031");
        assertThat(row(report("oncall?" + PERIOD + "&calendar=24x7").get("items").get(0), cols))
                .containsExactly("24x7", "48.0", "0.0", "3", "3", "0", "0.063", "null");
    }

    @Test
    void aViewerMayReadAndBadParametersAreNamed() {
        String viewer = sift.user(TestSift.unique("lead"), "viewer");
        assertThat(sift.get("/api/v1/analytics/sla?" + PERIOD, viewer).statusCode()).isEqualTo(200);
        assertThat(sift.get("/api/v1/analytics/sla", null).statusCode()).isEqualTo(401);
        for (var bad : Map.of("from=yesterday", "from", "from=2026-11-18&to=2026-11-16", "from",
                "priority=P9", "priority", "format=xml", "format", "by=alerts", "by", "limit=0", "limit",
                "calendar=night", "calendar", "from=2025-01-01&to=2026-11-16", "to").entrySet()) {
            String report = bad.getValue().equals("calendar") ? "oncall" : "noisy";
            var r = sift.get("/api/v1/analytics/" + report + "?" + bad.getKey(), viewer);
            assertThat(r.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(sift.body(r).toString()).as(bad.getKey()).contains("\"" + bad.getValue() + "\"");
        }
    }

    @Test
    void byDefaultTheLastFourteenDaysUpToNow() {
        JsonNode funnel = report("funnel");
        assertThat(funnel.get("to").asText()).isEqualTo(clock.instant().toString());
        assertThat(funnel.get("from").asText()).isEqualTo("2026-11-04T00:00:00Z");
        assertThat(funnel.get("items")).hasSize(14);
        assertThat(funnel.get("total").get("incidents").asInt()).isEqualTo(3);
    }

    static HttpResponse<String> getAccepting(String path, String accept) {
        try {
            return sift.http.send(HttpRequest.newBuilder(URI.create(sift.uri(path).toString())).GET()
                    .header("Authorization", "Bearer " + TestSift.ADMIN_TOKEN).header("Accept", accept).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
