package dev.sift.core.analytics;

import java.time.Instant;
import java.util.Map;

/**
 * An alert that flapped (changed state often) in the period, with how often it fired in all ({@code episodes}) and
 * how many firing signals it sent; {@code flappingNow} whether it still counts as flapping.
 */
public record FlappingAlert(long alertId, String kind, Map<String, String> labels, Long incidentId, int episodes,
                            long signals, String status, boolean flappingNow, Instant lastSeen) {
    public FlappingAlert {
        labels = Map.copyOf(labels);
    }
}
