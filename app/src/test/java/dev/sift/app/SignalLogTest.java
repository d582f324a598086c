package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw signal log keeps the bodies that changed something, committed with their effects; repeats are
 * summarised by the alerts' counters; housekeeping keeps the log within its size limit.
 */
class SignalLogTest {
    @Test
    void bodiesThatChangeSomethingAreLoggedRepeatsAreNot() {
        TestSift sift = TestSift.shared();
        String key = sift.integration("alertmanager");
        String name = TestSift.unique("Logged");
        String firing = amBody(name, "firing");

        assertThat(send(sift, key, firing).statusCode()).isEqualTo(200);
        assertThat(logged(sift, name)).as("a new alert's body").isEqualTo(1);
        assertThat(sift.sqlLong("select count(*) from signals where payload = ? and source = 'alertmanager'"
                + " and signals = 1 and bytes = octet_length(payload)", firing)).as("stored as received").isEqualTo(1);

        for (int i = 0; i < 3; i++) {
            assertThat(send(sift, key, firing).statusCode()).isEqualTo(200);
        }
        assertThat(logged(sift, name)).as("repeats are summarised by the alert's count").isEqualTo(1);
        assertThat(sift.getJson("/api/v1/alerts?q=" + name).get("items").get(0).get("count").asLong()).isEqualTo(4);

        assertThat(send(sift, key, amBody(name, "resolved")).statusCode())
                .isEqualTo(200);
        assertThat(logged(sift, name)).as("the resolve").isEqualTo(2);
        assertThat(send(sift, key, amBody(name, "resolved")).statusCode())
                .isEqualTo(200);
        assertThat(logged(sift, name)).as("a repeated resolve").isEqualTo(2);
    }

    @Test
    void eventsAreLoggedToo() {
        TestSift sift = TestSift.shared();
        String key = sift.integration("events");
        String dedup = TestSift.unique("logged-event");
        var r = sift.post("/v2/enqueue", null, EventsIngestTest.trigger(key, dedup, "Logged event", "info"));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(logged(sift, dedup)).isEqualTo(1);
        assertThat(sift.sqlLong("select count(*) from signals where payload like ? and source = 'events'",
                "%" + dedup + "%")).isEqualTo(1);
    }

    @Test
    void housekeepingKeepsTheLogWithinItsSizeLimit(@TempDir Path home) {
        long limit = 20_000;
        Settings s = Settings.fromEnvironment(Map.of()).withHome(home).withBind("127.0.0.1").withPort(0)
                .withAdminToken(TestSift.ADMIN_TOKEN).withSignalLog(Duration.ofDays(7), limit)
                .withHousekeepingInterval(Duration.ofMillis(200));
        try (Sift running = Sift.start(s, Clock.systemUTC(), line -> {})) {
            TestSift sift = TestSift.attach(running, home);
            String key = sift.integration("alertmanager");
            for (int i = 0; i < 200; i++) {
                String body = amBody("Sized-" + i, "firing");
                assertThat(send(sift, key, body).statusCode()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(sift.sqlLong("select coalesce(sum(bytes), 0) from signals")).isBetween(1L, limit);
                assertThat(BackpressureTest.metric(sift, "sift_signal_log_bytes")).isBetween(1.0, (double) limit);
            });
            assertThat(sift.sqlLong("select count(*) from signals where payload like '%Sized-199\"%'"))
                    .as("the newest body stays").isEqualTo(1);
            assertThat(sift.sqlLong("select count(*) from signals where payload like '%Sized-0\"%'"))
                    .as("the oldest body goes first").isZero();
            assertThat(BackpressureTest.metric(sift, "sift_signal_log_deleted_total")).isPositive();
            assertThat(sift.getJson("/api/v1/alerts?q=Sized-&limit=500").get("items"))
                    .as("only the raw log is trimmed, never the alerts").hasSize(200);
        }
    }

    @Test
    void housekeepingDeletesWhatIsOlderThanTheRetention(@TempDir Path home) {
        Settings s = Settings.fromEnvironment(Map.of()).withHome(home).withBind("127.0.0.1").withPort(0)
                .withAdminToken(TestSift.ADMIN_TOKEN).withSignalLog(Duration.ofSeconds(2), 1L << 30)
                .withHousekeepingInterval(Duration.ofMillis(200));
        try (Sift running = Sift.start(s, Clock.systemUTC(), line -> {})) {
            TestSift sift = TestSift.attach(running, home);
            String key = sift.integration("alertmanager");
            assertThat(send(sift, key, amBody("Aging", "firing"))
                    .statusCode()).isEqualTo(200);
            assertThat(sift.sqlLong("select count(*) from signals")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> sift.sqlLong("select count(*) from signals") == 0);
            assertThat(sift.getJson("/api/v1/alerts?q=Aging").get("items")).hasSize(1);
        }
    }

    private static long logged(TestSift sift, String text) {
        return sift.sqlLong("select count(*) from signals where payload like ?", "%" + text + "%");
    }

    static String amBody(String alertname, String status) {
        return "{\"version\":\"4\",\"status\":\"" + status + "\",\"alerts\":[{\"status\":\"" + status
                + "\",\"labels\":{\"alertname\":\"" + alertname + "\",\"severity\":\"warning\"},"
                + "\"startsAt\":\"2026-11-22T07:00:00Z\""
                + ("resolved".equals(status) ? ",\"endsAt\":\"2026-11-22T08:00:00Z\"" : "") + "}]}";
    }

    private static java.net.http.HttpResponse<String> send(TestSift sift, String key, String body) {
        return sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
