package dev.sift.core.grouping;

import java.time.Instant;

/** An alert episode that grouping placed in an incident, as the candidate indexes hold it. */
final class Member {
    final long alertId;
    final long incidentId;
    /** Its scope value; null for an alert without one (global). */
    final String scope;
    final String kind;
    /** The alert whatever its severity (see {@link LabelRoles#withoutSeverity}). */
    final String alert;
    final String name;
    final Instant since;
    boolean firing = true;
    /** When its episode ended; null while it fires. */
    Instant ended;

    Member(long alertId, long incidentId, String scope, String kind, String alert, String name, Instant since) {
        this.alertId = alertId;
        this.incidentId = incidentId;
        this.scope = scope;
        this.kind = kind;
        this.alert = alert;
        this.name = name;
        this.since = since;
    }
}
