package dev.sift.core.inhibition;

import dev.sift.core.matching.AlertFields;

/**
 * A firing alert in an open incident, which may inhibit others.
 *
 * @param name how the timeline names it (its alertname, else its title)
 */
public record InhibitCandidate(long alertId, long incidentId, String name, AlertFields fields) {}
