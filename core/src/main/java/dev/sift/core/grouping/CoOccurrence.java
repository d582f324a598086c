package dev.sift.core.grouping;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which kinds of alert shared incidents so far: for each kind, in how many incidents it was; for each pair, in
 * how many both were. Learned from the incidents grouping made (and, later, from people's merges and splits).
 * Bounded: at most {@code maxKinds} kinds and 64 × that many pairs are followed; what comes after is not counted.
 */
final class CoOccurrence {
    /** Incidents a kind must have been in before its statistics are taken as evidence. */
    static final int MIN_INCIDENTS = 3;

    /** P(other kind in the incident | this kind was), with the counts behind it. */
    record Affinity(String kind, String other, int together, int incidentsOfOther) {
        static final Affinity NONE = new Affinity("", "", 0, 0);

        double share() {
            return incidentsOfOther == 0 ? 0 : (double) together / incidentsOfOther;
        }
    }

    private final int maxKinds;
    private final int maxPairs;
    private final Map<String, Integer> incidentsOfKind = new HashMap<>();
    private final Map<String, Map<String, Integer>> together = new HashMap<>();
    private int pairs;

    CoOccurrence(int maxKinds) {
        this.maxKinds = maxKinds;
        this.maxPairs = maxKinds * 64;
    }

    /** A kind new to an incident that already holds {@code others}. */
    void count(String kind, Set<String> others) {
        if (!incidentsOfKind.containsKey(kind) && incidentsOfKind.size() >= maxKinds) {
            return;
        }
        incidentsOfKind.merge(kind, 1, Integer::sum);
        for (String other : others) {
            pair(kind, other);
            pair(other, kind);
        }
    }

    private void pair(String a, String b) {
        Map<String, Integer> row = together.computeIfAbsent(a, k -> new HashMap<>());
        Integer n = row.get(b);
        if (n == null) {
            if (pairs >= maxPairs || !incidentsOfKind.containsKey(b)) {
                return;
            }
            pairs++;
            row.put(b, 1);
        } else {
            row.put(b, n + 1);
        }
    }

    /** The strongest evidence that {@code kind} belongs with an incident holding {@code kinds}. */
    Affinity best(String kind, Iterable<String> kinds) {
        Affinity best = Affinity.NONE;
        Map<String, Integer> row = together.getOrDefault(kind, Map.of());
        for (String other : kinds) {
            int n = incidentsOfKind.getOrDefault(other, 0);
            if (n < MIN_INCIDENTS || other.equals(kind)) {
                continue;
            }
            Affinity a = new Affinity(kind, other, row.getOrDefault(other, 0), n);
            if (a.share() > best.share() || a.share() == best.share() && a.together() > best.together()) {
                best = a;
            }
        }
        return best;
    }

    int kinds() {
        return incidentsOfKind.size();
    }
}
