package dev.sift.core.query;

import java.util.List;

/** One incident with its alerts and its whole timeline, oldest entry first. */
public record IncidentDetail(IncidentSummary incident, List<AlertView> alerts, List<TimelineView> timeline) {}
