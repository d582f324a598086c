package dev.sift.core.grouping;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Members ordered by when their episode began, so that "who began within w of t" costs a range lookup, not a scan
 * of every open incident.
 */
final class MembersBySince {
    private final TreeMap<Instant, List<Member>> bySince = new TreeMap<>();

    void add(Member m) {
        bySince.computeIfAbsent(m.since, k -> new ArrayList<>(2)).add(m);
    }

    void remove(Member m) {
        List<Member> at = bySince.get(m.since);
        if (at != null && at.remove(m) && at.isEmpty()) {
            bySince.remove(m.since);
        }
    }

    void forEachWithin(Instant t, Duration w, Consumer<Member> action) {
        Collection<List<Member>> near = bySince.subMap(t.minus(w), true, t.plus(w), true).values();
        for (List<Member> at : near) {
            at.forEach(action);
        }
    }

    boolean isEmpty() {
        return bySince.isEmpty();
    }
}
