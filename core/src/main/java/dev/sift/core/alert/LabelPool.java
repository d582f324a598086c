package dev.sift.core.alert;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares equal label strings between the alerts the engine holds. Every request body is parsed into fresh
 * strings, so a million open alerts would otherwise hold a million copies of "severity", "critical" and their
 * zone's name. Keys and short values are shared; the pool is bounded, and once full it only hands out what it
 * already has (the cost is memory, never correctness). Not thread-safe: owned by the engine's writer.
 */
public final class LabelPool {
    /** Longer values are rarely shared (descriptions, URLs) and would fill the pool for nothing. */
    static final int MAX_SHARED_LENGTH = 128;

    private final Map<String, String> strings = new HashMap<>();
    private final int capacity;

    public LabelPool(int capacity) {
        this.capacity = capacity;
    }

    /** An equal immutable map whose keys and values come from the pool where possible. */
    public Map<String, String> share(Map<String, String> labels) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, String>[] entries = new Map.Entry[labels.size()];
        int i = 0;
        for (var e : labels.entrySet()) {
            entries[i++] = Map.entry(share(e.getKey()), share(e.getValue()));
        }
        return Map.ofEntries(entries);
    }

    String share(String s) {
        if (s.length() > MAX_SHARED_LENGTH) {
            return s;
        }
        String known = strings.get(s);
        if (known != null) {
            return known;
        }
        if (strings.size() < capacity) {
            strings.put(s, s);
        }
        return s;
    }

    public int size() {
        return strings.size();
    }

    public void clear() {
        strings.clear();
    }
}
