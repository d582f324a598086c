package dev.sift.core.grouping;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What people taught grouping by correcting it: merging two incidents says their kinds of alert belong together,
 * moving an alert out of an incident says it does not belong with the alerts that stay. Kept per pair of alert
 * names (alertname, else the title): the names people see and decide on, and the same after a restart, whereas the
 * full kind of an alert depends on what the stream has shown about its labels so far. A grouping policy reads them
 * ({@link IntelligentGrouper}: a taught pair joins, a pair split more often than merged stays apart); the engine
 * owns them, so a change of policy keeps them, and storage keeps them across restarts.
 *
 * <p>Deterministic: the same corrections in the same order give the same lessons. Bounded: at most
 * {@value #MAX_PAIRS} pairs, and {@value #MAX_NAMES} names per side of one correction (later ones are not taught).
 */
public final class Lessons {
    public static final int MAX_PAIRS = 4096;
    static final int MAX_NAMES = 32;
    /** The longest time apart that a lesson lets two alerts be grouped across. */
    static final Duration MAX_SPAN = Duration.ofHours(6);

    /**
     * People merged incidents holding alerts {@code name} and {@code other} ({@code merges} times), or moved one
     * out of an incident holding the other ({@code splits} times). {@code span}: how far apart the two began, at
     * most, when people put them together (how far a later pair may be apart and still be grouped by it).
     * {@code name} sorts before or equal to {@code other}.
     */
    public record Lesson(String name, String other, int merges, int splits, Duration span) {
        public Lesson {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(other, "other");
            Objects.requireNonNull(span, "span");
            if (name.compareTo(other) > 0) {
                throw new IllegalArgumentException("a lesson names its alerts in order: " + name + " > " + other);
            }
        }

        /** Merges minus splits: above 0 the pair belongs together, below 0 it stays apart. */
        public int net() {
            return merges - splits;
        }

        /** For the timeline: "people merged A and B 2 times" (and/or "split them 1 time"). */
        public String describe() {
            String pair = name.equals(other) ? name + " with another " + name : name + " and " + other;
            if (splits == 0) {
                return "people merged " + pair + " " + times(merges);
            }
            if (merges == 0) {
                return "people split " + pair + " apart " + times(splits);
            }
            return "people merged " + pair + " " + times(merges) + " and split them " + times(splits);
        }

        private static String times(int n) {
            return n == 1 ? "once" : n + " times";
        }
    }

    /** One alert as a correction sees it: its name and when its episode began. */
    public record Sample(String name, Instant since) {
        public Sample {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(since, "since");
        }
    }

    /** Each name → its partners → the lesson (both directions point at the same lesson). */
    private final Map<String, Map<String, Lesson>> byName = new HashMap<>();
    private int pairs;

    /**
     * People merged an incident holding {@code from} into one holding {@code into}: every pair of names across the
     * two belongs together. Returns the lessons that changed, for storage.
     */
    public List<Lesson> merged(Collection<Sample> from, Collection<Sample> into) {
        Map<String, Instant> a = firstByName(from), b = firstByName(into);
        List<Lesson> changed = new ArrayList<>();
        for (var x : a.entrySet()) {
            for (var y : b.entrySet()) {
                Duration gap = Duration.between(x.getValue(), y.getValue()).abs(); // first alert of each name
                Lesson l = teach(x.getKey(), y.getKey(), 1, 0, gap);
                if (l != null) {
                    changed.add(l);
                }
            }
        }
        return changed;
    }

    /**
     * People moved {@code moved} out of an incident where {@code stayed} remain: it does not belong with them.
     * Returns the lessons that changed, for storage.
     */
    public List<Lesson> split(Sample moved, Collection<Sample> stayed) {
        List<Lesson> changed = new ArrayList<>();
        for (String other : firstByName(stayed).keySet()) {
            Lesson l = teach(moved.name(), other, 0, 1, Duration.ZERO);
            if (l != null) {
                changed.add(l);
            }
        }
        return changed;
    }

    /** Lessons as storage kept them (at start): they replace what is known of the same pairs. */
    public void restore(Collection<Lesson> stored) {
        byName.clear();
        pairs = 0;
        for (Lesson l : stored) {
            if (pairs >= MAX_PAIRS) {
                break;
            }
            put(l);
        }
    }

    /** The lessons that name {@code name}, by the other name. */
    public Map<String, Lesson> partnersOf(String name) {
        return byName.getOrDefault(name, Map.of());
    }

    /** The lesson on this pair of names, or null. */
    public Lesson between(String name, String other) {
        return partnersOf(name).get(other);
    }

    public boolean isEmpty() {
        return pairs == 0;
    }

    /** Every lesson, each pair once. */
    public List<Lesson> all() {
        Set<Lesson> all = new LinkedHashSet<>();
        byName.values().forEach(m -> all.addAll(m.values()));
        return List.copyOf(all);
    }

    private Lesson teach(String x, String y, int merges, int splits, Duration gap) {
        String name = x.compareTo(y) <= 0 ? x : y, other = name.equals(x) ? y : x;
        Lesson known = between(name, other);
        if (known == null && pairs >= MAX_PAIRS) {
            return null;
        }
        Duration span = known == null ? gap : known.span().compareTo(gap) >= 0 ? known.span() : gap;
        if (span.compareTo(MAX_SPAN) > 0) {
            span = MAX_SPAN;
        }
        Lesson l = known == null ? new Lesson(name, other, merges, splits, span)
                : new Lesson(name, other, known.merges() + merges, known.splits() + splits, span);
        put(l);
        return l;
    }

    private void put(Lesson l) {
        Map<String, Lesson> row = byName.computeIfAbsent(l.name(), k -> new HashMap<>());
        if (row.put(l.other(), l) == null) {
            pairs++;
        }
        byName.computeIfAbsent(l.other(), k -> new HashMap<>()).put(l.name(), l);
    }

    /** The first {@value #MAX_NAMES} names, in order, each with when its first alert began. */
    private static Map<String, Instant> firstByName(Collection<Sample> samples) {
        Map<String, Instant> names = new java.util.LinkedHashMap<>();
        for (Sample s : samples) {
            if (names.size() >= MAX_NAMES && !names.containsKey(s.name())) {
                continue;
            }
            names.merge(s.name(), s.since(), (p, q) -> p.isBefore(q) ? p : q);
        }
        return names;
    }
}
