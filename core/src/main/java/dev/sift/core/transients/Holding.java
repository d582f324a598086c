package dev.sift.core.transients;

import dev.sift.core.matching.AlertFields;
import dev.sift.core.time.Durations;
import dev.sift.core.time.RecentTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pending alerts (held by a transient rule, in no incident) with what matchers see of them, and the recent
 * firing signals of each fingerprint that a {@code minOccurrences} rule counts. Occurrences outlive the alert
 * that recovered (auto-cleared) for the rule's window: the next blip of the same alert counts on from them. Only
 * the engine's writer thread uses it.
 */
public final class Holding {
    private final Map<Long, AlertFields> pending = new HashMap<>();
    private final RecentTimes occurrences = new RecentTimes();

    public void hold(long alertId, AlertFields fields) {
        pending.put(alertId, fields);
    }

    /** What matchers see of a pending alert, or null when it is not pending. */
    public AlertFields fields(long alertId) {
        return pending.get(alertId);
    }

    public void release(long alertId) {
        pending.remove(alertId);
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The pending alerts' ids, in id order: whatever they open is numbered in a replayable order. */
    public List<Long> ids() {
        List<Long> ids = new ArrayList<>(pending.keySet());
        ids.sort(null);
        return ids;
    }

    /** Counts one firing signal; returns how many the rule's window holds (1 for a rule without minOccurrences). */
    public int occurred(String fingerprint, TransientRule rule, Instant now) {
        if (rule.minOccurrences() == 0) {
            return 1;
        }
        return occurrences.add(fingerprint, now, rule.window(), rule.minOccurrences());
    }

    /** Signals within the rule's window, without counting a new one. */
    public int occurrences(String fingerprint, TransientRule rule, Instant now) {
        return rule.minOccurrences() == 0 ? 1 : occurrences.count(fingerprint, now, rule.window());
    }

    /**
     * After a restart only a pending alert's signal count and last signal are known: they count as seen then,
     * short of the threshold (so the next signal may open it a little early, never late).
     */
    public void restore(String fingerprint, TransientRule rule, long count, Instant lastSeen) {
        if (rule.minOccurrences() > 0) {
            occurrences.restore(fingerprint, lastSeen, (int) Math.min(count, rule.minOccurrences() - 1));
        }
    }

    public void clear() {
        pending.clear();
        occurrences.clear();
    }

    /** For the timeline once a held alert opens or joins an incident: why it was let through. */
    public static String releaseNote(TransientRule rule, Instant since, int occurrences, long signals, Instant now) {
        String held = "held " + Durations.format(Duration.between(since, now)) + " by rule '" + rule.name() + "'";
        boolean byCount = rule.minOccurrences() > 0 && occurrences >= rule.minOccurrences();
        String why = byCount ? "seen " + occurrences + " times within " + Durations.format(rule.window())
                : "still firing after " + Durations.format(rule.holdFor());
        return held + ", " + why + " (" + signals + " signal" + (signals == 1 ? "" : "s") + ")";
    }
}
