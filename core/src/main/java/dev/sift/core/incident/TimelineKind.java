package dev.sift.core.incident;

import java.util.Locale;

/** What a timeline entry records. The wire name is the lower-case form with dashes. */
public enum TimelineKind {
    OPENED,
    /** Which route decided the queue and priority of a new incident, and why. */
    ROUTED,
    ALERT_RESOLVED,
    ALERT_FIRED_AGAIN,
    ALERT_EXPIRED,
    SEVERITY_CHANGED,
    ALL_ALERTS_RECOVERED,
    ACKNOWLEDGED,
    ASSIGNED,
    SNOOZED,
    SNOOZE_ENDED,
    RESOLVED,
    CLOSED,
    REOPENED,
    PRIORITY_CHANGED,
    COMMENT,
    /** Grouping: why an alert joined this incident, or why it opened one of its own. */
    GROUPED,
    /** This incident's alerts moved into another one; it is closed. */
    MERGED,
    /** An alert was attached to this incident, inhibited by one of its alerts; or it left, no longer inhibited. */
    INHIBITED,
    /** One of this incident's alerts started flapping (changing state often), or stopped. */
    FLAPPING,
    /**
     * An SLA clock ran out (wire name {@code sla-breached}): the message names the clock and the policy. Raised
     * priority, if the policy asks for it, is in the same entry. Notifications react to this kind.
     */
    SLA_BREACHED,
    /** A notification was delivered to a channel (written by the delivery workers, not the engine). */
    NOTIFIED,
    /** A notification could not be delivered to a channel and is dead-lettered (written by the delivery workers). */
    NOTIFICATION_FAILED,
    /**
     * Something happened to the incident's ticket in an external system: created, commented, resolved, taken or
     * resolved by a person there, deleted, or a delivery given up on (written by the effect workers, not the engine).
     */
    TICKET;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static TimelineKind fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
