package dev.sift.core.engine;

import dev.sift.core.alert.Alert;
import dev.sift.core.grouping.Lessons;
import dev.sift.core.incident.Incident;
import dev.sift.core.heartbeat.Heartbeat;
import dev.sift.core.silence.Silence;
import dev.sift.core.sla.IncidentSla;
import java.util.List;
import java.util.Map;

/**
 * The working set as storage holds it: incidents that are not closed, every alert in them, the alerts that a
 * silence keeps out of any incident while they fire, the API silences, and the highest numbers handed out so far
 * (so numbering continues without gaps or reuse).
 *
 * @param silencedAlerts firing alerts in no incident (incident id 0), each silenced
 * @param integrationNames integration id → name, for the {@code @integration} of silenced alerts
 * @param silences API silences that may still be pending or active (ended ones leave at the first tick)
 * @param slas the stored SLA clocks of the incidents that are not closed
 * @param heartbeats every heartbeat integration, with its last ping
 * @param lessons what people's merges and moves taught grouping (see {@link Lessons})
 */
public record EngineState(List<Incident> incidents, List<Alert> alerts, long lastIncidentId, long lastAlertId,
                          List<Alert> silencedAlerts, Map<Long, String> integrationNames, List<Silence> silences,
                          long lastSilenceId, List<IncidentSla> slas, List<Heartbeat> heartbeats,
                          List<Lessons.Lesson> lessons) {
    /** Without lessons. */
    public EngineState(List<Incident> incidents, List<Alert> alerts, long lastIncidentId, long lastAlertId,
                       List<Alert> silencedAlerts, Map<Long, String> integrationNames, List<Silence> silences,
                       long lastSilenceId, List<IncidentSla> slas, List<Heartbeat> heartbeats) {
        this(incidents, alerts, lastIncidentId, lastAlertId, silencedAlerts, integrationNames, silences,
                lastSilenceId, slas, heartbeats, List.of());
    }

    public EngineState(List<Incident> incidents, List<Alert> alerts, long lastIncidentId, long lastAlertId) {
        this(incidents, alerts, lastIncidentId, lastAlertId, List.of(), Map.of(), List.of(), 0);
    }

    /** Without SLA clocks or heartbeats. */
    public EngineState(List<Incident> incidents, List<Alert> alerts, long lastIncidentId, long lastAlertId,
                       List<Alert> silencedAlerts, Map<Long, String> integrationNames, List<Silence> silences,
                       long lastSilenceId) {
        this(incidents, alerts, lastIncidentId, lastAlertId, silencedAlerts, integrationNames, silences,
                lastSilenceId, List.of(), List.of());
    }

    public static EngineState empty() {
        return new EngineState(List.of(), List.of(), 0, 0);
    }
}
