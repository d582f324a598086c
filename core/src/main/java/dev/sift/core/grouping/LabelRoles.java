package dev.sift.core.grouping;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the labels of a stream mean, learned as it goes, without knowing their names in advance:
 * <ul>
 *   <li>the <b>scope</b>: the label that alerts beginning together agree on far more often than alerts taken at
 *   random (in a fleet of zones, that is the zone: a cause hits one zone, and its alerts arrive in a burst);</li>
 *   <li>labels that name <b>instances</b>: more than {@value #INSTANCE_VALUES} values (hosts, pods, endpoints). An
 *   alert's <b>kind</b> is its labels without the scope and without those, e.g. {@code HostMemoryPressure} of
 *   service {@code api-gateway}: what co-occurrence statistics count. The {@code severity} label is left out
 *   too: Sift reads how bad an alert is from it, and the same alert escalating from warning to critical is still
 *   the same kind.</li>
 * </ul>
 * Bounded: at most {@value #MAX_KEYS} label names and {@value #MAX_VALUES} values per name are followed.
 */
final class LabelRoles {
    /** A label with more values than this names instances, not kinds of alert. */
    static final int INSTANCE_VALUES = 64;
    private static final int MAX_KEYS = 64;
    private static final int MAX_VALUES = 1024;
    /** Pairs of alerts beginning together needed before a scope is trusted. */
    private static final int MIN_PAIRS = 20;
    /** How much more often than chance the scope must agree within bursts. */
    private static final double MIN_LIFT = 0.2;
    /**
     * How much larger another label's lift must be to take over from the scope in use (half as large again): early
     * in a stream a few bursts swing the lifts, and every switch moves the alerts that follow into other scopes.
     */
    private static final double SWITCH_MARGIN = 1.5;
    private static final int BURST_NEIGHBOURS = 8;
    /** The label Sift reads severity from (see the priorities in the rules file). */
    private static final String SEVERITY = "severity";

    private static final class KeyStats {
        final Map<String, Integer> valueCounts = new HashMap<>();
        boolean overflow;
        long seen;
        long burstPairs;
        long burstSame;

        double chanceOfSameValue() {
            double sum = 0;
            for (int c : valueCounts.values()) {
                double p = (double) c / seen;
                sum += p * p;
            }
            return sum;
        }

        boolean namesInstances() {
            return overflow || valueCounts.size() > INSTANCE_VALUES;
        }
    }

    private record Recent(Instant since, Map<String, String> labels) {}

    private final String configuredScope;
    private final java.util.List<String> hints;
    private final Duration burst;
    private final Map<String, KeyStats> keys = new TreeMap<>(); // sorted: ties are broken the same way every run
    private final ArrayDeque<Recent> recent = new ArrayDeque<>();
    private long newcomers;
    private String scope;

    LabelRoles(String configuredScope, java.util.List<String> hints, Duration burst) {
        this.configuredScope = configuredScope;
        this.hints = hints;
        this.scope = configuredScope;
        this.burst = burst;
    }

    /** Learns from one more alert episode. */
    void observe(Newcomer n) {
        newcomers++;
        while (!recent.isEmpty() && recent.peekFirst().since().plus(burst).isBefore(n.since())) {
            recent.pollFirst();
        }
        for (var e : n.labels().entrySet()) {
            KeyStats k = keys.get(e.getKey());
            if (k == null) {
                if (keys.size() >= MAX_KEYS) {
                    continue;
                }
                k = new KeyStats();
                keys.put(e.getKey(), k);
            }
            k.seen++;
            if (k.valueCounts.containsKey(e.getValue()) || k.valueCounts.size() < MAX_VALUES) {
                k.valueCounts.merge(e.getValue(), 1, Integer::sum);
            } else {
                k.overflow = true;
            }
            for (Iterator<Recent> it = recent.descendingIterator(); it.hasNext(); ) {
                Recent r = it.next();
                String other = r.labels().get(e.getKey());
                if (other != null) {
                    k.burstPairs++;
                    if (other.equals(e.getValue())) {
                        k.burstSame++;
                    }
                }
            }
        }
        recent.addLast(new Recent(n.since(), n.labels()));
        if (recent.size() > BURST_NEIGHBOURS) {
            recent.pollFirst();
        }
        if (configuredScope == null) {
            scope = learnedScope();
        }
    }

    /**
     * The label with the largest lift over chance among those most alerts carry (the scope in use stays unless
     * another one's lift is {@link #SWITCH_MARGIN} times its own); while the stream has not shown
     * one, the first topology hint most alerts carry; else null.
     */
    private String learnedScope() {
        String best = null;
        double bestLift = MIN_LIFT;
        double currentLift = Double.NaN;
        for (var e : keys.entrySet()) {
            KeyStats k = e.getValue();
            if (k.burstPairs < MIN_PAIRS || k.seen * 2 < newcomers || k.namesInstances()) {
                continue;
            }
            double lift = (double) k.burstSame / k.burstPairs - k.chanceOfSameValue();
            if (e.getKey().equals(scope)) {
                currentLift = lift;
            }
            if (lift > bestLift) {
                bestLift = lift;
                best = e.getKey();
            }
        }
        if (best != null && !best.equals(scope) && currentLift * SWITCH_MARGIN >= bestLift) {
            return scope; // not clearly better: a few bursts must not move every alert's scope back and forth
        }
        if (best == null) {
            for (String hint : hints) {
                KeyStats k = keys.get(hint);
                if (k != null && k.seen * 2 >= newcomers) {
                    return hint;
                }
            }
        }
        return best;
    }

    /** The scope label, or null while none is known (then every alert shares one scope). */
    String scope() {
        return scope;
    }

    /** The alert's scope value; null when it has no value of the scope label (a global alert). */
    String scopeOf(Map<String, String> labels) {
        return scope == null ? "" : labels.get(scope);
    }

    /**
     * The alert itself whatever its severity: its name and all its labels but {@code severity}, in a stable order.
     * The same alert escalating from warning to critical is a new alert to its source (its labels changed), not a
     * new problem. The name counts because labels alone may not tell alerts apart: two PagerDuty-style events from
     * one {@code source} carry the same labels and differ by their summary.
     */
    static String withoutSeverity(Newcomer n) {
        if (n.labels().isEmpty()) {
            return n.title();
        }
        StringBuilder alert = new StringBuilder(n.name()).append('\u0000');
        for (var e : new TreeMap<>(n.labels()).entrySet()) {
            if (!e.getKey().equals(SEVERITY)) {
                alert.append(e.getKey()).append('=').append(e.getValue()).append('\u0000');
            }
        }
        return alert.toString();
    }

    /** The alert's kind: its labels without scope and instance labels, in a stable order. */
    String kindOf(Newcomer n) {
        if (n.labels().isEmpty()) {
            return n.title();
        }
        StringBuilder kind = new StringBuilder(n.name());
        for (var e : new TreeMap<>(n.labels()).entrySet()) {
            String key = e.getKey();
            KeyStats k = keys.get(key);
            if (key.equals(scope) || key.equals(SEVERITY) || k == null || k.namesInstances() || e.getValue().equals(n.name())) {
                continue;
            }
            kind.append(' ').append(key).append('=').append(e.getValue());
        }
        return kind.toString();
    }
}
