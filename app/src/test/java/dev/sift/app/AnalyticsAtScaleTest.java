package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analytics over a big history: 60 days of 40,000 incidents, 120,000 alerts (about 200,000 signals), 200,000
 * timeline entries and 40,000 notifications, written straight into PostgreSQL (the engine is not involved). Checks
 * the numbers at that size, and prints how long each report took over HTTP (median of five after one warm-up) —
 * printed, never asserted: timings are for docs/benchmarks.md, not a pass mark.
 */
class AnalyticsAtScaleTest {
    static final Instant NOW = Instant.parse("2026-11-16T00:00:00Z");
    static final int INCIDENTS = 40_000; // as in the SQL below

    static TestSift sift;

    @BeforeAll
    static void seed() throws Exception {
        sift = TestSift.start(TestSift.newHome(), TestSift.NO_GROUPING, new MovableClock(NOW));
        // 40,000 incidents, one every 129.6 s: 60 days up to NOW. Every third one acknowledged; all resolved, closed.
        sql("""
                insert into incidents (id, title, status, priority, priority_overridden, queue, human_involved,
                    created_at, updated_at, acknowledged_at, resolved_at, closed_at, labels)
                select g, 'Seeded ' || g, 'closed', 'P' || (1 + g % 5), false, 'q' || (g % 8), g % 3 = 0,
                    c, c, case when g % 3 = 0 then c + (60 + g % 1800) * interval '1 second' end,
                    c + (600 + g % 7200) * interval '1 second', c + interval '1 day', '{}'
                from generate_series(1, 40000) g,
                    lateral (select timestamptz '2026-09-17 00:00:00+00'
                        + (g - 1) * interval '129.6 seconds' as c) t""");
        // Three alerts each, of 200 kinds; every tenth incident's third alert was held and auto-cleared instead.
        sql("""
                insert into alerts (id, incident_id, source, fingerprint, labels, annotations, title, status,
                    first_seen, last_seen, resolved_at, resolution, count, episode, held_by, flapping)
                select (i.id - 1) * 3 + k, case when k = 2 and i.id % 10 = 0 then null else i.id end, 'alertmanager',
                    md5(i.id || '/' || k),
                    jsonb_build_object('alertname', 'Kind' || ((i.id * 7 + k) % 200), 'instance',
                        'host-' || (i.id % 50), 'severity', 'warning'),
                    '{}', 'Kind' || ((i.id * 7 + k) % 200), 'resolved', i.created_at,
                    i.created_at + interval '5 minutes', i.created_at + interval '6 minutes',
                    case when k = 2 and i.id % 10 = 0 then 'auto-cleared' else 'resolved by source' end,
                    1 + (i.id * k) % 3, 1 + (i.id % 50 = 0)::int * 4,
                    case when k = 2 and i.id % 10 = 0 then 'blips' end, false
                from incidents i, generate_series(0, 2) k""");
        // Five timeline entries per incident, and a flapping entry for one incident in fifty.
        sql("""
                insert into timeline (incident_id, at, actor, kind, message, alert_id)
                select i.id, i.created_at + n * interval '1 minute', 'sift',
                    (array['opened', 'routed', 'acknowledged', 'resolved', 'closed'])[n + 1], 'seeded', null
                from incidents i, generate_series(0, 4) n""");
        sql("""
                insert into timeline (incident_id, at, actor, kind, message, alert_id)
                select i.id, i.created_at + interval '2 minutes', 'sift', 'flapping', 'seeded', (i.id - 1) * 3
                from incidents i where i.id % 50 = 0""");
        sql("""
                insert into outbox (dedup_key, incident_id, channel, event, occurred_at, payload, state,
                    next_attempt_at)
                select 'seed-' || i.id, i.id, 'hook', 'opened', i.created_at, '{}', 'delivered', i.created_at
                from incidents i""");
        sql("""
                insert into incident_slas (incident_id, policy, ack_breached, resolve_breached)
                select i.id, 'P1-default', i.id % 7 = 0, i.id % 11 = 0 from incidents i where i.priority = 'P1'""");
        sql("""
                insert into signal_counts (hour, signals)
                select h, 140 from generate_series(timestamptz '2026-09-17 00:00:00+00',
                    timestamptz '2026-11-15 23:00:00+00', interval '1 hour') h""");
        sql("analyze");
    }

    @AfterAll
    static void stop() {
        sift.close();
    }

    static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                + Files.readString(sift.home.resolve("postgres/port")).strip() + "/postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report, after one warm-up and five timed reads; prints the median. */
    static JsonNode timed(String path) {
        sift.getJson(path);
        long[] ms = new long[5];
        JsonNode last = null;
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            last = sift.getJson(path);
            ms[i] = (System.nanoTime() - t) / 1_000_000;
        }
        Arrays.sort(ms);
        System.out.printf("analytics at scale: %-70s median %4d ms (min %d, max %d)%n", path, ms[2], ms[0], ms[4]);
        return last;
    }

    @Test
    void everyReportOverSixtyDaysAndOverTheDefaultFourteenAnswersWithTheRightTotals() {
        String sixty = "from=2026-09-17&to=2026-11-15";
        JsonNode funnel = timed("/api/v1/analytics/funnel?" + sixty);
        assertThat(funnel.get("items")).hasSize(60);
        assertThat(funnel.get("total").get("incidents").asLong()).isEqualTo(INCIDENTS);
        assertThat(funnel.get("total").get("alerts").asLong()).isEqualTo(3L * INCIDENTS);
        assertThat(funnel.get("total").get("autoCleared").asLong()).isEqualTo(INCIDENTS / 10);
        assertThat(funnel.get("total").get("signals").asLong()).isEqualTo(60 * 24 * 140);
        assertThat(timed("/api/v1/analytics/funnel?" + sixty + "&queue=q3").get("total").get("incidents").asLong())
                .isEqualTo(5000);
        for (String path : List.of("funnel", "noisy", "noisy?by=incidents", "flapping", "transients", "response",
                "sla", "oncall")) {
            String sep = path.contains("?") ? "&" : "?";
            timed("/api/v1/analytics/" + path);
            timed("/api/v1/analytics/" + path + sep + sixty);
        }
        JsonNode noisy = timed("/api/v1/analytics/noisy?" + sixty + "&limit=5");
        assertThat(noisy.get("items")).hasSize(5);
        assertThat(noisy.get("items").get(0).get("matchers").get(0).asText()).startsWith("alertname=\"Kind");
        assertThat(timed("/api/v1/analytics/response?" + sixty).get("total").get("incidents").asLong())
                .isEqualTo(INCIDENTS);
        assertThat(timed("/api/v1/analytics/flapping?" + sixty + "&limit=500").get("items")).hasSize(500);
    }
}
