package dev.sift.storage.db;

import java.util.concurrent.TimeUnit;

/** Start times, printed to the test output (target/surefire-reports/*-output.txt) for comparison across runs. */
final class Timing {
    private Timing() {}

    static long report(String what, long startedNanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        System.out.println("TIMING " + what + ": " + ms + " ms");
        return ms;
    }
}
