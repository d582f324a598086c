package dev.sift.app.faults;

import static dev.sift.app.faults.IngestLoad.ALERTMANAGER;
import static dev.sift.app.faults.IngestLoad.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sift.app.TestSift;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away under ingest, for real, and comes back on the same data and port. While it is away, Sift
 * answers "retry later" (503 with Retry-After) quickly and never 2xx, and /readyz and /metrics say why; once it
 * is back, ingest resumes without restarting Sift, and everything that was answered 2xx is stored.
 */
class PostgresOutageTest {
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration BOUND = Duration.ofSeconds(90);
    /** A refusal while the database is down must not hang: the pool's wait (3 s) twice at most, with headroom. */
    private static final long SLOWEST_REFUSAL_MILLIS = 15_000;
    private static final Set<Integer> RETRY_LATER = Set.of(503);
    private static final Set<Integer> EVENTS_RETRY_LATER = Set.of(503, 429);

    @Test
    void whilePostgresIsStoppedIngestIsRefusedWith503AndResumesWithoutARestart(@TempDir Path home) {
        try (TestSift sift = TestSift.start(home)) {
            SiftApi api = new SiftApi(sift.uri("/"));
            var target = new IngestLoad.Target(api.base(), api.integration("alertmanager"), api.integration("events"));
            String names = TestSift.unique("Outage");
            Acknowledged acknowledged = new Acknowledged();
            PgCtl postgres = PgCtl.of(home);
            IngestLoad load = IngestLoad.start(target, mix(names), 2, 2, acknowledged);
            try (load) {
                load.phase("before");
                await().atMost(BOUND).until(() -> acknowledged.requests() >= 40);

                load.phase("stopping");
                postgres.stop();
                long stoppedAt = System.nanoTime();
                load.phase("down");
                await().atMost(BOUND).until(() -> load.tally("down", ALERTMANAGER).total() >= 10
                        && load.tally("down", EVENTS).total() >= 10);

                long asked = System.nanoTime();
                HttpResponse<String> ready = api.get("/readyz");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"database\":\"unreachable\"");
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("/readyz answers fast")
                        .isLessThan(Duration.ofSeconds(10));
                assertThat(refused(api, ALERTMANAGER, "database_unavailable")).isPositive();
                assertThat(refused(api, EVENTS, "database_unavailable")).isPositive();

                // The rest of the outage; readiness says "not ready" all along.
                Duration left = OUTAGE.minus(Duration.ofNanos(System.nanoTime() - stoppedAt));
                if (left.isPositive()) {
                    await().during(left).atMost(left.plus(BOUND)).pollInterval(Duration.ofSeconds(1))
                            .until(() -> api.get("/readyz").statusCode() == 503);
                }

                load.phase("starting");
                postgres.start();
                load.phase("after");
                await().atMost(BOUND).until(() -> load.tally("after", ALERTMANAGER).accepted() >= 10
                        && load.tally("after", EVENTS).accepted() >= 10);
                assertThat(api.get("/readyz").statusCode()).isEqualTo(200);
            }

            System.out.println("answers by phase:" + load.summary());
            Tally downAm = load.tally("down", ALERTMANAGER);
            Tally downEvents = load.tally("down", EVENTS);
            assertThat(downAm.statuses().keySet()).as("Alertmanager while down:%s", load.summary())
                    .isSubsetOf(RETRY_LATER);
            assertThat(downEvents.statuses().keySet()).as("events while down:%s", load.summary())
                    .isSubsetOf(EVENTS_RETRY_LATER);
            for (Tally t : List.of(downAm, downEvents)) {
                assertThat(t.refusedWithoutRetryAfter()).as("refusals without Retry-After: %s", t).isZero();
                assertThat(t.slowestMillis()).as("slowest refusal while down: %s", t)
                        .isLessThan(SLOWEST_REFUSAL_MILLIS);
            }
            for (String phase : List.of("before", "stopping", "down", "starting", "after", IngestLoad.BETWEEN_PHASES)) {
                assertThat(load.tally(phase, ALERTMANAGER).statuses().keySet()).as(load.summary())
                        .isSubsetOf(Set.of(200, 503));
                assertThat(load.tally(phase, EVENTS).statuses().keySet()).as(load.summary())
                        .isSubsetOf(Set.of(202, 429, 503));
            }
            assertThat(refused(api, ALERTMANAGER, "database_unavailable")).isGreaterThanOrEqualTo(downAm.count(503));
            Durability.assertKept(api, names, acknowledged, Map.of());
        }
    }

    @Test
    void aPostgresServerThatDiesIsStartedAgainBySiftItself(@TempDir Path home) {
        try (TestSift sift = TestSift.start(home)) {
            SiftApi api = new SiftApi(sift.uri("/"));
            var target = new IngestLoad.Target(api.base(), api.integration("alertmanager"), api.integration("events"));
            String names = TestSift.unique("Died");
            Acknowledged acknowledged = new Acknowledged();
            Path data = home.resolve("postgres/data");
            IngestLoad load = IngestLoad.start(target, mix(names), 1, 1, acknowledged);
            long killed;
            try (load) {
                await().atMost(BOUND).until(() -> acknowledged.requests() >= 20);
                killed = PgCtl.postmasterPid(data).orElseThrow();
                load.phase("died");
                ProcessHandle.of(killed).orElseThrow().destroyForcibly(); // SIGKILL: a crash, not a stop

                // Nobody starts it but Sift. (Backends of the killed server may still answer for a moment, so
                // ingest is counted only once a new server runs.)
                await().atMost(BOUND).until(() -> PgCtl.postmasterPid(data).stream().anyMatch(pid -> pid != killed));
                load.phase("restarted");
                await().atMost(BOUND).until(() -> load.tally("restarted", ALERTMANAGER).accepted() >= 10
                        && load.tally("restarted", EVENTS).accepted() >= 10);
            }
            System.out.println("answers by phase:" + load.summary());
            OptionalLong now = PgCtl.postmasterPid(data);
            assertThat(now).isPresent();
            assertThat(now.getAsLong()).as("a new server").isNotEqualTo(killed);
            assertThat(api.get("/readyz").statusCode()).isEqualTo(200);
            for (String phase : List.of("died", "restarted")) {
                for (String endpoint : List.of(ALERTMANAGER, EVENTS)) {
                    Tally t = load.tally(phase, endpoint);
                    assertThat(t.statuses().keySet()).as(load.summary()).isSubsetOf(Set.of(200, 202, 429, 503));
                    assertThat(t.refusedWithoutRetryAfter()).as(load.summary()).isZero();
                }
            }
            Durability.assertKept(api, names, acknowledged, Map.of());
        }
    }

    private static IngestLoad.Mix mix(String names) {
        // A sender that backs off a little after a refusal, as real ones do, so that 30 s of refusals do not
        // turn into a busy loop on a small machine.
        return new IngestLoad.Mix(names, 50, 0.5, 5, Duration.ofMillis(50));
    }

    private static double refused(SiftApi api, String source, String reason) {
        return api.metric("sift_signals_refused_total", Map.of("source", source, "reason", reason));
    }
}
