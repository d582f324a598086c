package dev.sift.core.engine;

import dev.sift.core.alert.Alert;
import dev.sift.core.incident.Incident;
import java.util.List;

/**
 * The working set as storage holds it: incidents that are not closed, every alert in them, and the highest
 * numbers handed out so far (so numbering continues without gaps or reuse).
 */
public record EngineState(List<Incident> incidents, List<Alert> alerts, long lastIncidentId, long lastAlertId) {
    public static EngineState empty() {
        return new EngineState(List.of(), List.of(), 0, 0);
    }
}
