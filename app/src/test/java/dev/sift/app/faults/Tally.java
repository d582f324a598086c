package dev.sift.app.faults;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The answers one endpoint gave in one phase of a test, counted rather than kept, so that a storm of requests
 * costs the test JVM no memory. Status -1 stands for no answer at all (connection refused or reset, timeout).
 */
public final class Tally {
    private static final int SAMPLES = 5;

    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder refusedWithoutRetryAfter = new LongAdder();
    private final LongAccumulator slowestMillis = new LongAccumulator(Math::max, 0);
    private final ConcurrentLinkedQueue<String> refusalSamples = new ConcurrentLinkedQueue<>();

    void record(int status, boolean retryAfter, long millis, String body) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        slowestMillis.accumulate(millis);
        if (status < 200 || status > 299) {
            if (!retryAfter) {
                refusedWithoutRetryAfter.increment();
            }
            if (refusalSamples.size() < SAMPLES) {
                refusalSamples.add(status + " " + body);
            }
        }
    }

    public Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new TreeMap<>();
        byStatus.forEach((status, n) -> copy.put(status, n.sum()));
        return copy;
    }

    public long count(int status) {
        LongAdder n = byStatus.get(status);
        return n == null ? 0 : n.sum();
    }

    public long total() {
        return byStatus.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long accepted() {
        return byStatus.entrySet().stream().filter(e -> e.getKey() >= 200 && e.getKey() <= 299)
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    public long refusedWithoutRetryAfter() {
        return refusedWithoutRetryAfter.sum();
    }

    public long slowestMillis() {
        return slowestMillis.get();
    }

    /** A few refusals with their bodies, for assertion messages. */
    public List<String> refusalSamples() {
        return List.copyOf(refusalSamples);
    }

    @Override
    public String toString() {
        return "statuses " + statuses() + ", slowest " + slowestMillis() + " ms, refusals without Retry-After "
                + refusedWithoutRetryAfter() + ", e.g. " + refusalSamples();
    }
}
