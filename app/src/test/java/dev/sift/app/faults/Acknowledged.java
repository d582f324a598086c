package dev.sift.app.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ledger of what Sift answered 2xx: per alert, how many of its signals were acknowledged. Each is a promise
 * that the alert is stored with at least that count.
 */
public final class Acknowledged {
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();

    void add(Iterable<String> alertKeys) {
        requests.increment();
        for (String key : alertKeys) {
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }

    /** Requests answered 2xx so far. */
    public long requests() {
        return requests.sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, n) -> copy.put(key, n.sum()));
        return copy;
    }
}
