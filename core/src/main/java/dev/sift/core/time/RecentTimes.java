package dev.sift.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Instants of recent events per key (a fingerprint), within a sliding window: how many times an alert fired in
 * the last 10 minutes, how often it changed state in the last 30. Keys whose events all left the window are
 * dropped by a sweep that runs at most once per window, so keys that never come back do not pile up. Holds at
 * most {@code cap} instants per key: counting further than the threshold asked about tells nothing more.
 */
public final class RecentTimes {
    private final Map<String, ArrayDeque<Instant>> byKey = new HashMap<>();
    private Instant nextSweep;

    /** Records an event at {@code now} and returns how many of the key's events are within {@code window}. */
    public int add(String key, Instant now, Duration window, int cap) {
        sweep(now, window);
        ArrayDeque<Instant> times = byKey.computeIfAbsent(key, k -> new ArrayDeque<>(Math.min(cap, 8)));
        prune(times, now, window);
        times.addLast(now);
        while (times.size() > cap) {
            times.removeFirst();
        }
        return times.size();
    }

    /** How many of the key's events are within {@code window} of {@code now}. */
    public int count(String key, Instant now, Duration window) {
        ArrayDeque<Instant> times = byKey.get(key);
        if (times == null) {
            return 0;
        }
        prune(times, now, window);
        return times.size();
    }

    /** The key's latest event, or null. */
    public Instant last(String key) {
        ArrayDeque<Instant> times = byKey.get(key);
        return times == null || times.isEmpty() ? null : times.getLast();
    }

    /** Puts back {@code n} events at {@code at} (after a restart, when only the latest time is known). */
    public void restore(String key, Instant at, int n) {
        ArrayDeque<Instant> times = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
        for (int i = 0; i < n; i++) {
            times.addLast(at);
        }
    }

    public void forget(String key) {
        byKey.remove(key);
    }

    public void clear() {
        byKey.clear();
        nextSweep = null;
    }

    public int size() {
        return byKey.size();
    }

    private static void prune(ArrayDeque<Instant> times, Instant now, Duration window) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && !times.getFirst().isAfter(oldest)) {
            times.removeFirst();
        }
    }

    private void sweep(Instant now, Duration window) {
        if (nextSweep != null && now.isBefore(nextSweep)) {
            return;
        }
        for (Iterator<ArrayDeque<Instant>> it = byKey.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Instant> times = it.next();
            prune(times, now, window);
            if (times.isEmpty()) {
                it.remove();
            }
        }
        nextSweep = now.plus(window);
    }
}
