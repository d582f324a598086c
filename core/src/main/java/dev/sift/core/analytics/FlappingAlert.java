package dev.sift.core.analytics;

import java.time.Instant;
import java.util.Map;

/** An alert marked as flapping (changing state often), seen in the period, with how often it fired. */
public record FlappingAlert(long alertId, String kind, Map<String, String> labels, Long incidentId, int episodes,
                            long signals, String status, Instant lastSeen) {
    public FlappingAlert {
        labels = Map.copyOf(labels);
    }
}
