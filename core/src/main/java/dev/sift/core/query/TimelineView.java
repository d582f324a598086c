package dev.sift.core.query;

import java.time.Instant;

/** A stored timeline entry. {@code alertId} is 0 when the entry concerns the incident as a whole. */
public record TimelineView(long id, Instant at, String actor, String kind, String message, long alertId) {}
