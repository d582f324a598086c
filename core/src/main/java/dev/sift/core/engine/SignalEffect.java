package dev.sift.core.engine;

import java.util.Locale;

/** What a signal did; also the {@code outcome} label of the signal metrics. */
public enum SignalEffect {
    /** A new alert, and a new incident for it. */
    OPENED,
    /** A new alert (or a new episode of one) joined an open incident: grouping. */
    JOINED,
    /** A firing alert was sent again: counted, nothing new. */
    REPEATED,
    /** A resolved alert fired again: a new episode in its incident (reopening it if resolved). */
    FIRED_AGAIN,
    /**
     * A new alert that a silence or maintenance window mutes: recorded in no incident, until the silence ends (then
     * it opens one if it still fires) or it recovers.
     */
    SILENCED,
    /**
     * A new alert that an inhibit rule mutes: attached to the inhibiting alert's incident as a related alert, until
     * that alert stops firing (then it is placed as a new alert would be) or it recovers.
     */
    INHIBITED,
    /**
     * A new alert that a transient rule holds back: pending in no incident until its hold ends or it is seen often
     * enough (then it is placed as a new alert would be), or it recovers (auto-cleared).
     */
    PENDING,
    /** A pending alert recovered: it never opens an incident. */
    AUTO_CLEARED,
    RESOLVED,
    /** A resolve for an alert that is already resolved. */
    ALREADY_RESOLVED,
    /** A firing signal for an episode that already ended (a late retry or an HA twin): counted, not applied. */
    STALE,
    ACKNOWLEDGED,
    /** Resolve or acknowledge for an alert Sift has no open incident for: nothing to do. */
    UNKNOWN_ALERT;

    /**
     * A repeat of what is already known (a re-sent firing alert, a re-sent resolve). The alert's counter and
     * last-seen time record it; its raw body need not be logged again.
     */
    public boolean isRepeat() {
        return this == REPEATED || this == ALREADY_RESOLVED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
