package dev.sift.app.faults;

import static org.awaitility.Awaitility.await;

import dev.sift.app.TestSift;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of Sift at a random moment during ingest, round after round on the same data. After every restart,
 * each alert answered 2xx is stored with at least the signals acknowledged, no alert has a second incident, and
 * no count has gone backwards. The senders use both endpoints, with new alerts and re-sent ones. The moments
 * come from a seed that a failure reports; {@code -Dsift.test.seed=N} replays it.
 */
class CrashRecoveryTest {
    private static final Duration BOUND = Duration.ofMinutes(2);
    private static final Duration LONGEST_DELAY_BEFORE_KILL = Duration.ofSeconds(3);
    /** Requests acknowledged in a round before the kill can come, so that every round kills a busy Sift. */
    private static final int ACKNOWLEDGED_PER_ROUND = 30;

    @Test
    void everySignalAnswered2xxSurvivesKill9AtRandomMoments(@TempDir Path home) throws InterruptedException {
        rounds(home, 3);
    }

    /** The soak: {@code ./mvnw -B -Pslow -pl app -am verify -Dtest=CrashRecoveryTest -Dsurefire.failIfNoSpecifiedTests=false}. */
    @Test
    @Tag("slow")
    void manyRoundsOfKill9(@TempDir Path home) throws InterruptedException {
        rounds(home, 25);
    }

    private static void rounds(Path home, int rounds) throws InterruptedException {
        long seed = Long.getLong("sift.test.seed", System.nanoTime());
        System.out.println("kill -9 rounds with seed " + seed);
        Random random = new Random(seed);
        int port = SiftProcess.freePort();
        Path log = home.resolve("child.log");
        String names = TestSift.unique("Crash");
        Acknowledged acknowledged = new Acknowledged();
        Map<String, Long> counts = Map.of();
        IngestLoad.Target target = null;
        int round = 0;
        try {
            for (; round < rounds; round++) {
                try (SiftProcess sift = SiftProcess.start(home, port, log)) {
                    SiftApi api = new SiftApi(sift.base());
                    if (target == null) {
                        target = new IngestLoad.Target(sift.base(), api.integration("alertmanager"),
                                api.integration("events"));
                    } else {
                        counts = Durability.assertKept(api, names, acknowledged, counts);
                    }
                    long before = acknowledged.requests();
                    try (IngestLoad load = IngestLoad.start(target, new IngestLoad.Mix(names, 40, 0.5, 5,
                            Duration.ZERO), 3, 2, acknowledged)) {
                        await().atMost(BOUND).until(() -> acknowledged.requests() >= before + ACKNOWLEDGED_PER_ROUND);
                        // Not a wait for anything: the random moment of the kill, with the senders busy.
                        Thread.sleep(random.nextLong(LONGEST_DELAY_BEFORE_KILL.toMillis()));
                        sift.kill9();
                    }
                }
            }
            // The last restart runs in this JVM; closing it also stops the server the last kill left behind.
            try (TestSift restarted = TestSift.start(home)) {
                Durability.assertKept(new SiftApi(restarted.uri("/")), names, acknowledged, counts);
            }
        } catch (AssertionError e) {
            throw new AssertionError("after kill -9 number " + round + " (seed " + seed + "; -Dsift.test.seed="
                    + seed + " replays it): " + e.getMessage(), e);
        } finally {
            PgCtl.stopIfRunning(home); // after a failure halfway, leave no server behind
        }
    }
}
