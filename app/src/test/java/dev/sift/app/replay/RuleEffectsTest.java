package dev.sift.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sift.app.config.RulesFile;
import dev.sift.core.incident.Priority;
import dev.sift.core.rules.Rules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replay as a what-if: a small stream under a rules file with one rule of each kind, and the report of what
 * each rule did, exactly as `sift replay --config` prints it.
 */
class RuleEffectsTest {
    static final Rules RULES = RulesFile.parse("sift.yaml", """
            routes:
              - name: db
                matchers: ['team="db"']
                queue: dba
                routes:
                  - name: db-critical
                    matchers: ['severity="critical"']
                    priority: P1
              - name: unused
                matchers: ['team="nobody"']
                queue: nobody
            transients:
              - name: blips
                matchers: ['alertname="Blip"']
                holdFor: 5m
              - name: never-matches
                matchers: ['alertname="Nothing"']
                holdFor: 5m
            silences:
              - name: web-migration
                matchers: ['team="web"']
                startsAt: 2026-03-02T08:00:00Z
                endsAt: 2026-03-02T08:20:00Z
                comment: moving web
            maintenance:
              - name: backups
                matchers: ['job="backup"']
                every: [mon]
                from: "08:00"
                to: "09:00"
                timeZone: UTC
            inhibit:
              - name: db-down
                source: ['alertname="DbDown"']
                target: ['alertname="DbSlow"']
                equal: [cluster]
            sla:
              policies:
                - name: p1
                  priorities: [P1]
                  acknowledgeWithin: 10m
            """);

    /** 2026-03-02 is a Monday: the maintenance window is open from 08:00 to 09:00. */
    static final String STREAM = """
            {"id":"1","receivedAt":"2026-03-02T08:00:00Z","labels":{"alertname":"Blip","instance":"a","team":"db"}}
            {"id":"2","receivedAt":"2026-03-02T08:01:00Z","status":"resolved","labels":{"alertname":"Blip","instance":"a","team":"db"}}
            {"id":"3","receivedAt":"2026-03-02T08:02:00Z","labels":{"alertname":"Blip","instance":"b","team":"db"}}
            {"id":"4","receivedAt":"2026-03-02T08:03:00Z","labels":{"alertname":"DbDown","cluster":"c1","team":"db","severity":"critical"}}
            {"id":"5","receivedAt":"2026-03-02T08:04:00Z","labels":{"alertname":"DbSlow","cluster":"c1","team":"db","severity":"warning"}}
            {"id":"6","receivedAt":"2026-03-02T08:05:00Z","labels":{"alertname":"WebErrors","team":"web"}}
            {"id":"7","receivedAt":"2026-03-02T08:06:00Z","labels":{"alertname":"BackupSlow","job":"backup"}}
            {"id":"8","receivedAt":"2026-03-02T08:07:00Z","status":"resolved","labels":{"alertname":"BackupSlow","job":"backup"}}
            {"id":"9","receivedAt":"2026-03-02T08:08:00Z","labels":{"alertname":"Blip","instance":"b","team":"db"}}
            {"id":"10","receivedAt":"2026-03-02T08:10:00Z","labels":{"alertname":"Flappy","team":"ops"}}
            {"id":"11","receivedAt":"2026-03-02T08:11:00Z","status":"resolved","labels":{"alertname":"Flappy","team":"ops"}}
            {"id":"12","receivedAt":"2026-03-02T08:12:00Z","labels":{"alertname":"Flappy","team":"ops"}}
            {"id":"13","receivedAt":"2026-03-02T08:13:00Z","status":"resolved","labels":{"alertname":"Flappy","team":"ops"}}
            {"id":"14","receivedAt":"2026-03-02T08:14:00Z","labels":{"alertname":"Flappy","team":"ops"}}
            {"id":"15","receivedAt":"2026-03-02T08:15:00Z","status":"resolved","labels":{"alertname":"Flappy","team":"ops"}}
            {"id":"16","receivedAt":"2026-03-02T08:16:00Z","labels":{"alertname":"Flappy","team":"ops"}}
            {"id":"17","receivedAt":"2026-03-02T08:17:00Z","labels":{"alertname":"DbDown","cluster":"c1","team":"db","severity":"critical"}}
            {"id":"18","receivedAt":"2026-03-02T08:21:00Z","labels":{"alertname":"WebErrors","team":"web"}}
            {"id":"19","receivedAt":"2026-03-02T08:22:00Z","status":"resolved","labels":{"alertname":"DbDown","cluster":"c1","team":"db","severity":"critical"}}
            """;

    @Test
    void theReportSaysPerRuleWhatItDid() throws IOException {
        Replay.Result result = replay(STREAM, Duration.ZERO);

        // Each rule of the file is listed, those that did nothing too; the stream was chosen so that every kind
        // acts: one blip recovers within its hold and one does not, the silence ends while WebErrors fires on, the
        // backup alert recovers inside the window, DbSlow is released when DbDown resolves, Flappy flaps.
        assertThat(RuleEffectsReport.text(result.effects())).isEqualTo("""
                What the rules did from 2026-03-02T08:00:00Z to 2026-03-02T08:22:00Z (simulated time; it stops at the last event)

                TRANSIENT RULE  HELD  AUTO-CLEARED  LET THROUGH  PENDING AT END  EXPIRED
                blips           2     1             1            0               0
                never-matches   0     0             0            0               0

                SILENCE / WINDOW       SUPPRESSED  RECOVERED  OPENED LATER  MUTED AT END
                silence:web-migration  1           0          1             0
                maintenance:backups    1           1          0             0

                INHIBIT RULE  INHIBITED  RELEASED  INTO
                db-down       1          1         #1

                Flapping (4 state changes within 30m): 1 alert
                FLAPPING ALERT  INCIDENT  TIMES
                Flappy          #3        1

                SLA POLICY  INCIDENTS  ACK BREACHED  RESOLVE BREACHED
                p1          1          1             0

                ROUTE                 QUEUE    INCIDENTS  PRIORITIES
                db                    dba      2          P3×2
                  db-critical         dba      1          P1×1
                unused                -        0          -
                (no route: defaults)  ops web  2          P3×2

                """);
        assertThat(result.incidentCount()).isEqualTo(5);
    }

    @Test
    void timersDueAfterTheLastEventRunWhenTheClockRunsOn() throws IOException {
        String stream = """
                {"id":"1","receivedAt":"2026-03-02T08:00:00Z","labels":{"alertname":"Blip","instance":"a","team":"db"}}
                {"id":"2","receivedAt":"2026-03-02T08:01:00Z","labels":{"alertname":"DbDown","cluster":"c1","team":"db","severity":"critical"}}
                """;

        RuleEffects stopped = replay(stream, Duration.ZERO).effects();
        RuleEffects ranOn = replay(stream, Duration.ofMinutes(30)).effects();

        // Without running on, the blip is still pending and the P1's clock has not run out.
        assertThat(stopped.transients().getFirst()).isEqualTo(new RuleEffects.TransientEffect("blips", 1, 0, 0, 1, 0));
        assertThat(stopped.sla()).containsExactly(new RuleEffects.SlaEffect("p1", 1, 0, 0));
        assertThat(RuleEffectsReport.text(stopped)).startsWith("What the rules did from 2026-03-02T08:00:00Z to"
                + " 2026-03-02T08:01:00Z (simulated time; it stops at the last event)\n");
        // 30 minutes on, the hold ended at 08:05 (Blip opened an incident) and the acknowledge clock ran out at 08:11.
        assertThat(ranOn.transients().getFirst()).isEqualTo(new RuleEffects.TransientEffect("blips", 1, 0, 1, 0, 0));
        assertThat(ranOn.sla()).containsExactly(new RuleEffects.SlaEffect("p1", 1, 1, 0));
        assertThat(RuleEffectsReport.text(ranOn)).startsWith("What the rules did from 2026-03-02T08:00:00Z to"
                + " 2026-03-02T08:01:00Z, running on to 2026-03-02T08:31:00Z (simulated time)\n");
    }

    @Test
    void theJsonReportCarriesTheSameNumbers() throws IOException {
        Replay.Result result = replay(STREAM, Duration.ZERO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RuleEffectsReport.json(result, out);

        JsonNode json = new ObjectMapper().readTree(out.toByteArray());
        assertThat(json.get("events").asInt()).isEqualTo(19);
        assertThat(json.get("incidents").asInt()).isEqualTo(5);
        assertThat(json.get("incidentList")).hasSize(5);
        assertThat(json.get("incidentList").get(0).get("route").asText()).isEqualTo("routes[0].routes[0]");
        assertThat(json.get("transients").get(0).toString())
                .isEqualTo("{\"rule\":\"blips\",\"held\":2,\"autoCleared\":1,\"letThrough\":1,\"pending\":0,"
                        + "\"expired\":0}");
        assertThat(json.get("silences").get(0).get("openedLater").asInt()).isEqualTo(1);
        assertThat(json.get("inhibit").get(0).get("incidents").toString()).isEqualTo("[1]");
        assertThat(json.get("flapping").get("alerts").get(0).get("alert").asText()).isEqualTo("Flappy");
        assertThat(json.get("sla").get(0).get("ackBreached").asInt()).isEqualTo(1);
        assertThat(json.get("routes").get(1).toString()).isEqualTo("{\"route\":\"db-critical\","
                + "\"path\":\"routes[0].routes[0]\",\"incidents\":1,\"queues\":[\"dba\"],\"priorities\":{\"P1\":1}}");
    }

    @Test
    void longListsOfABigStreamAreCutInTheTablesButNotInTheJson() {
        List<RuleEffects.FlappingAlert> flapped = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            flapped.add(new RuleEffects.FlappingAlert("Alert" + i, i, 1));
        }
        RuleEffects e = new RuleEffects(Instant.parse("2026-03-02T08:00:00Z"), Instant.parse("2026-03-09T08:00:00Z"),
                null, List.of(), List.of(),
                List.of(new RuleEffects.InhibitEffect("zone-down", 5, 0, List.of(1L, 2L, 3L, 4L, 5L))),
                new RuleEffects.FlappingEffect("4 state changes within 30m", flapped), List.of(),
                List.of(new RuleEffects.RouteEffect(RuleEffects.RouteEffect.NO_ROUTE, null, 0,
                        List.of("a", "b", "c", "d", "e", "f"), 6, Map.of(Priority.P3, 6))));

        assertThat(RuleEffectsReport.text(e)).isEqualTo("""
                What the rules did from 2026-03-02T08:00:00Z to 2026-03-09T08:00:00Z (simulated time; it stops at the last event)

                INHIBIT RULE  INHIBITED  RELEASED  INTO
                zone-down     5          0         #1 #2 #3 #4 … (5 incidents)

                Flapping (4 state changes within 30m): 12 alerts
                FLAPPING ALERT  INCIDENT  TIMES
                Alert1          #1        1
                Alert2          #2        1
                Alert3          #3        1
                Alert4          #4        1
                Alert5          #5        1
                Alert6          #6        1
                Alert7          #7        1
                Alert8          #8        1
                Alert9          #9        1
                Alert10         #10       1
                … and 2 more (--report json lists all)

                ROUTE                 QUEUE                 INCIDENTS  PRIORITIES
                (no route: defaults)  a b c d … (6 queues)  6          P3×6

                """);
    }

    private static Replay.Result replay(String stream, Duration runOn) throws IOException {
        return Replay.run(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), RULES, runOn);
    }
}
