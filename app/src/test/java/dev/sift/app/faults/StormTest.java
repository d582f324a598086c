package dev.sift.app.faults;

import static dev.sift.app.faults.IngestLoad.ALERTMANAGER;
import static dev.sift.app.faults.IngestLoad.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sift.app.Settings;
import dev.sift.app.Sift;
import dev.sift.app.TestSift;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst far above what Sift can commit: 64 concurrent senders that never back off, against a queue of 4
 * requests. Sift refuses the excess at once (Alertmanager 503, events 429, both with Retry-After) instead of
 * buffering it: the queue never holds more than its capacity, and the heap is back near where it was once the
 * burst is over. Nothing answered 2xx is lost, and new requests are taken again without anyone intervening.
 */
class StormTest {
    private static final int CAPACITY = 4;
    private static final int ALERTMANAGER_SENDERS = 48;
    private static final int EVENT_SENDERS = 16;
    private static final Duration BOUND = Duration.ofMinutes(2);
    /** Room for what a storm legitimately leaves behind: the new alerts it opened, warmed-up caches. */
    private static final long HEAP_GROWTH_ALLOWED = 64L * 1024 * 1024;

    @Test
    void aBurstFarAboveCapacityIsRefusedWithRetryAfterLosesNothingAndPassesByItself(@TempDir Path home) {
        Settings settings = Settings.fromEnvironment(Map.of()).withHome(home).withBind("127.0.0.1").withPort(0)
                .withAdminToken(TestSift.ADMIN_TOKEN).withQueueCapacity(CAPACITY);
        try (Sift sift = Sift.start(settings, Clock.systemUTC(), line -> {})) {
            SiftApi api = new SiftApi(TestSift.attach(sift, home).uri("/"));
            var target = new IngestLoad.Target(api.base(), api.integration("alertmanager"), api.integration("events"));
            String names = TestSift.unique("Storm");
            Acknowledged acknowledged = new Acknowledged();
            calm(target, names, acknowledged); // warms Sift up, so that the heap is measured warm before and after
            long heapBefore = heapUsedAfterGc();

            LongAccumulator deepestQueue = new LongAccumulator(Math::max, 0);
            // Mostly re-sent alerts, 10 per body, as during a real storm; a tenth are new.
            IngestLoad storm = IngestLoad.start(target, new IngestLoad.Mix(names, 200, 0.1, 10, Duration.ZERO),
                    ALERTMANAGER_SENDERS, EVENT_SENDERS, acknowledged);
            try (storm) {
                storm.phase("storm");
                await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
                    deepestQueue.accumulate((long) api.metric("sift_queue_depth", Map.of())); // sampled meanwhile
                    return storm.tally("storm", ALERTMANAGER).count(503) >= 500
                            && storm.tally("storm", EVENTS).count(429) >= 200
                            && storm.tally("storm", ALERTMANAGER).accepted() >= 100
                            && storm.tally("storm", EVENTS).accepted() >= 50;
                });
            }
            System.out.println("storm answers:" + storm.summary() + "\ndeepest queue seen: " + deepestQueue.get());

            // Over: the next sender gets through, with nobody restarting or resetting anything.
            calm(target, names, acknowledged);
            assertThat(api.get("/readyz").statusCode()).isEqualTo(200);
            long heapAfter = heapUsedAfterGc();
            System.out.printf("heap used after GC: %d MB before the storm, %d MB after%n", heapBefore >> 20,
                    heapAfter >> 20);

            Tally am = storm.tally("storm", ALERTMANAGER);
            Tally events = storm.tally("storm", EVENTS);
            assertThat(am.statuses().keySet()).as(storm.summary()).isEqualTo(Set.of(200, 503));
            assertThat(events.statuses().keySet()).as(storm.summary()).isEqualTo(Set.of(202, 429));
            assertThat(am.refusedWithoutRetryAfter() + events.refusedWithoutRetryAfter()).as(storm.summary()).isZero();
            assertThat(deepestQueue.get()).isLessThanOrEqualTo(CAPACITY);
            assertThat(heapAfter).as("heap used after the storm (before: %d MB)", heapBefore >> 20)
                    .isLessThan(heapBefore + HEAP_GROWTH_ALLOWED);

            assertThat(refused(api, ALERTMANAGER)).isGreaterThanOrEqualTo(am.count(503));
            assertThat(refused(api, EVENTS)).isGreaterThanOrEqualTo(events.count(429));
            assertThat(api.metric("sift_writer_batch_size_count", Map.of())).isPositive();
            assertThat(api.metric("sift_writer_batch_size_max", Map.of())).as("group commit").isGreaterThan(10);
            assertThat(api.metric("sift_writer_commit_seconds_count", Map.of())).isPositive();

            Durability.assertKept(api, names, acknowledged, Map.of());
        }
    }

    /** One sender of each kind until both have been answered 2xx a few times. */
    private static void calm(IngestLoad.Target target, String names, Acknowledged acknowledged) {
        try (IngestLoad calm = IngestLoad.start(target, new IngestLoad.Mix(names, 200, 0.1, 10,
                Duration.ofMillis(50)), 1, 1, acknowledged)) {
            calm.phase("calm");
            await().atMost(BOUND).until(() -> calm.tally("calm", ALERTMANAGER).accepted() >= 5
                    && calm.tally("calm", EVENTS).accepted() >= 5);
        }
    }

    private static double refused(SiftApi api, String source) {
        return api.metric("sift_signals_refused_total", Map.of("source", source, "reason", "queue_full"));
    }

    private static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
