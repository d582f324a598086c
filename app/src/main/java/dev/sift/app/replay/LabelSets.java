package dev.sift.app.replay;

import dev.sift.core.alert.Fingerprint;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The label sets of one recorded stream, each copied and fingerprinted once. A stream repeats few label sets
 * many times (the grouping dev stream: 1,111 in 20,787 events), and hashing them again for every event was a
 * fifth of a replay. They are keyed by their JSON text: the same text always reads as the same labels; the same
 * labels written differently (other order, spacing) are only read again, never mistaken. Holds one entry per
 * distinct text, as many as the alerts a replay keeps anyway. Not thread-safe: one replay owns it.
 */
final class LabelSets {
    /** Labels ready for the engine: immutable (so that an alert's description does not copy them again), with both fingerprints. */
    record LabelSet(Map<String, String> labels, String fingerprint, String upstreamFingerprint) {}

    private final Map<String, LabelSet> byJsonText = new HashMap<>();

    /** The label set written as {@code jsonText}; {@code read} turns that text into labels the first time. */
    LabelSet of(String jsonText, Function<String, Map<String, String>> read) {
        LabelSet known = byJsonText.get(jsonText);
        if (known != null) {
            return known;
        }
        Map<String, String> labels = read.apply(jsonText);
        LabelSet set = new LabelSet(Map.copyOf(labels), Fingerprint.ofLabels(labels),
                Fingerprint.alertmanagerFingerprint(labels));
        byJsonText.put(jsonText, set);
        return set;
    }

    int size() {
        return byJsonText.size();
    }
}
