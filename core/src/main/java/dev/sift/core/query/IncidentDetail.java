package dev.sift.core.query;

import java.util.List;

/**
 * One incident with its alerts and its whole timeline, oldest entry first. {@code mergedInto}: the incident that
 * took its alerts when it was merged (by grouping or by a person), or 0.
 */
public record IncidentDetail(IncidentSummary incident, List<AlertView> alerts, List<TimelineView> timeline,
                             long mergedInto) {
    public IncidentDetail(IncidentSummary incident, List<AlertView> alerts, List<TimelineView> timeline) {
        this(incident, alerts, timeline, 0);
    }
}
