package dev.sift.core.journal;

import dev.sift.core.incident.TimelineKind;
import java.util.Locale;

/**
 * What external systems (ticket systems now; Icinga2 acknowledgements and Alertmanager silences next) hear about an
 * incident: the significant changes of its life, not every line of its timeline. The wire name is lower case with
 * dashes, as stored in the effect journal.
 */
public enum IncidentEvent {
    OPENED,
    /** An alert joined the incident (grouping, or another incident merged into it). */
    ALERTS_JOINED,
    /** The priority differs from the one last journaled (severity, a joining alert, a person, an SLA breach). */
    PRIORITY_CHANGED,
    ALL_ALERTS_RECOVERED,
    RESOLVED,
    REOPENED,
    ACKNOWLEDGED,
    ASSIGNED,
    SNOOZED,
    SNOOZE_ENDED,
    COMMENTED,
    CLOSED,
    /** This incident's alerts moved into another incident; it is closed. */
    MERGED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException for a name no value has */
    public static IncidentEvent fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /**
     * The event a timeline entry of this kind stands for, or null when external systems need not hear of it
     * (routing, flapping, single alerts resolving, …). Priority changes are decided apart, by comparing priorities.
     */
    static IncidentEvent of(TimelineKind kind) {
        return switch (kind) {
            case OPENED -> OPENED;
            case GROUPED -> ALERTS_JOINED;
            case ALL_ALERTS_RECOVERED -> ALL_ALERTS_RECOVERED;
            case RESOLVED -> RESOLVED;
            case REOPENED -> REOPENED;
            case ACKNOWLEDGED -> ACKNOWLEDGED;
            case ASSIGNED -> ASSIGNED;
            case SNOOZED -> SNOOZED;
            case SNOOZE_ENDED -> SNOOZE_ENDED;
            case COMMENT -> COMMENTED;
            case CLOSED -> CLOSED;
            case MERGED -> MERGED;
            default -> null;
        };
    }
}
