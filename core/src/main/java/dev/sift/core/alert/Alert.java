package dev.sift.core.alert;

import java.time.Instant;
import java.util.Map;

/**
 * One alert inside one incident: a fingerprint that fired, with its counters and current episode. When the
 * incident it belongs to is closed, the next signal with the same fingerprint makes a new Alert in a new
 * incident. Owned and mutated by the engine's single writer thread only.
 */
public final class Alert {
    /** {@link #resolution()} of an episode the source ended. */
    public static final String RESOLVED_BY_SOURCE = "resolved by source";
    /** {@link #resolution()} of an episode that ended because the source stopped re-sending it. */
    public static final String EXPIRED = "expired";
    /** {@link #resolution()} of an alert that recovered while a transient rule held it: it never opened an incident. */
    public static final String AUTO_CLEARED = "auto-cleared";

    private final long id;
    private long incidentId;
    private final Source source;
    private final long integrationId;
    private final String fingerprint;
    private final String upstreamFingerprint;
    private final String dedupKey;
    private Map<String, String> labels;
    /**
     * Annotations are free text that only storage and people read; the engine needs just to notice that they
     * changed, so memory keeps a 64-bit digest of them instead of the text (a few hundred bytes less per alert).
     */
    private long annotationsDigest;
    private String title;
    private String severity;
    private AlertStatus status;
    private Instant startsAt;
    private final Instant firstSeen;
    private Instant lastSeen;
    private Instant resolvedAt;
    private String resolution;
    private long count;
    private int episode;
    /** While silenced (in no incident): what mutes it, such as {@code silence:42}, and why; else null. */
    private String silencedBy;
    private String silenceReason;
    /**
     * While inhibited (attached to the incident of the alert that inhibits it): that alert's id, and why; else 0
     * and null. Kept as history once the alert resolved.
     */
    private long inhibitedBy;
    private String inhibitReason;
    /**
     * The transient rule that held the alert back as pending (kept as history once it opened an incident or was
     * auto-cleared), when the hold ends while pending (null without a hold, or once over), and why; else null.
     */
    private String heldBy;
    private Instant heldUntil;
    private String holdReason;
    /** Whether it changes state often enough to count as flapping (see {@code FlapPolicy}). */
    private boolean flapping;

    public Alert(long id, long incidentId, Source source, long integrationId, String fingerprint,
                 String upstreamFingerprint, String dedupKey, Map<String, String> labels,
                 Map<String, String> annotations, String title, String severity, AlertStatus status,
                 Instant startsAt, Instant firstSeen, Instant lastSeen, Instant resolvedAt, String resolution,
                 long count, int episode) {
        this(id, incidentId, source, integrationId, fingerprint, upstreamFingerprint, dedupKey, labels,
                Digest.of(annotations), title, severity, status, startsAt, firstSeen, lastSeen, resolvedAt, resolution,
                count, episode);
    }

    /** With the digest of the annotations already computed (a new alert: its description carries it). */
    private Alert(long id, long incidentId, Source source, long integrationId, String fingerprint,
                  String upstreamFingerprint, String dedupKey, Map<String, String> labels, long annotationsDigest,
                  String title, String severity, AlertStatus status, Instant startsAt, Instant firstSeen,
                  Instant lastSeen, Instant resolvedAt, String resolution, long count, int episode) {
        this.id = id;
        this.incidentId = incidentId;
        this.source = source;
        this.integrationId = integrationId;
        this.fingerprint = fingerprint;
        this.upstreamFingerprint = upstreamFingerprint;
        this.dedupKey = dedupKey;
        this.labels = Map.copyOf(labels);
        this.annotationsDigest = annotationsDigest;
        this.title = title;
        this.severity = severity;
        this.status = status;
        this.startsAt = startsAt;
        this.firstSeen = firstSeen;
        this.lastSeen = lastSeen;
        this.resolvedAt = resolvedAt;
        this.resolution = resolution;
        this.count = count;
        this.episode = episode;
    }

    /** A new alert, in its first episode. */
    public static Alert open(long id, long incidentId, Source source, long integrationId, String fingerprint,
                       AlertDescription d, Instant startsAt, Instant now) {
        return new Alert(id, incidentId, source, integrationId, fingerprint, d.upstreamFingerprint(), d.dedupKey(),
                d.labels(), d.annotationsDigest(), d.title(), d.severity(), AlertStatus.FIRING,
                startsAt == null ? now : startsAt, now, now, null, null, 1, 1);
    }

    /**
     * Counts one more signal for this alert and keeps the latest title.
     *
     * @return whether more than the count and last-seen time changed (the free text did): then the caller hands
     *     the new annotations to storage, which alone keeps them
     */
    public boolean seen(Instant now, AlertDescription latest) {
        count++;
        lastSeen = now;
        if (latest == null) {
            return false;
        }
        long digest = latest.annotationsDigest();
        if (digest == annotationsDigest && latest.title().equals(title)) {
            return false;
        }
        annotationsDigest = digest;
        title = latest.title();
        return true;
    }

    /** Swaps the labels for an equal map whose strings are shared with other alerts (see {@link LabelPool}). */
    public void shareLabels(LabelPool pool) {
        labels = pool.share(labels);
    }

    /** Grouping moved the alert, with its whole episode history, into another incident. */
    public void moveTo(long incidentId) {
        this.incidentId = incidentId;
    }

    public void changeSeverity(String newSeverity) {
        severity = newSeverity;
    }

    public void resolve(Instant at, String why) {
        status = AlertStatus.RESOLVED;
        resolvedAt = at;
        resolution = why;
    }

    public void fireAgain(Instant startsAt) {
        status = AlertStatus.FIRING;
        episode++;
        this.startsAt = startsAt;
        resolvedAt = null;
        resolution = null;
    }

    /**
     * Records the alert as silenced: it stays in no incident ({@code incidentId} 0) until the silence ends or it
     * recovers.
     */
    public void silence(String by, String reason) {
        if (incidentId != 0) {
            throw new IllegalStateException("alert " + id + " is in incident #" + incidentId + "; only an alert"
                    + " without an incident is silenced");
        }
        silencedBy = by;
        silenceReason = reason;
    }

    /** A silenced alert opens (or joins) an incident: its silence has ended while it still fires. */
    public void joinIncident(long incident) {
        incidentId = incident;
        silencedBy = null;
        silenceReason = null;
        inhibitedBy = 0;
        inhibitReason = null;
    }

    /**
     * Records the alert as inhibited by another alert, as a related alert of that alert's incident.
     *
     * @param incident the inhibiting alert's incident
     */
    public void inhibit(long incident, long byAlertId, String reason) {
        if (byAlertId == 0 || byAlertId == id) {
            throw new IllegalArgumentException("alert " + id + " cannot be inhibited by alert " + byAlertId);
        }
        incidentId = incident;
        silencedBy = null;
        silenceReason = null;
        inhibitedBy = byAlertId;
        inhibitReason = reason;
    }

    /** The alert left the incident it was attached to (its inhibition ended): in no incident for the moment. */
    public void leaveInhibition() {
        incidentId = 0;
        inhibitedBy = 0;
        inhibitReason = null;
    }

    /**
     * Records the alert as pending: a transient rule holds it in no incident ({@code incidentId} 0) until
     * {@code until} (null: until it is seen often enough), or until it recovers.
     */
    public void hold(String rule, Instant until, String reason) {
        if (incidentId != 0) {
            throw new IllegalStateException("alert " + id + " is in incident #" + incidentId + "; only an alert"
                    + " without an incident is held");
        }
        heldBy = rule;
        heldUntil = until;
        holdReason = reason;
    }

    /** The hold as storage keeps it: pending, or the history of an alert that was held once. */
    public void restoreHold(String rule, Instant until, String reason) {
        heldBy = rule;
        heldUntil = until;
        holdReason = reason;
    }

    /** The hold is over (it opened an incident, was silenced, or recovered); the rule and reason stay as history. */
    public void endHold(String reason) {
        heldUntil = null;
        holdReason = reason;
    }

    public void setFlapping(boolean flapping) {
        this.flapping = flapping;
    }

    public long id() { return id; }
    public long incidentId() { return incidentId; }
    public Source source() { return source; }
    public long integrationId() { return integrationId; }
    public String fingerprint() { return fingerprint; }
    public String upstreamFingerprint() { return upstreamFingerprint; }
    public String dedupKey() { return dedupKey; }
    public Map<String, String> labels() { return labels; }
    /** A digest of the annotations last stored: equal digests mean the same annotations. */
    public long annotationsDigest() { return annotationsDigest; }
    public String title() { return title; }
    public String severity() { return severity; }
    public AlertStatus status() { return status; }
    public boolean isFiring() { return status == AlertStatus.FIRING; }
    public Instant startsAt() { return startsAt; }
    public Instant firstSeen() { return firstSeen; }
    public Instant lastSeen() { return lastSeen; }
    public Instant resolvedAt() { return resolvedAt; }
    /** Why the current episode resolved: "resolved by source", "expired", "resolved by alice", or null. */
    public String resolution() { return resolution; }
    public long count() { return count; }
    public int episode() { return episode; }
    public boolean isSilenced() { return silencedBy != null; }
    public String silencedBy() { return silencedBy; }
    public String silenceReason() { return silenceReason; }
    public boolean isInhibited() { return inhibitedBy != 0; }
    /** The id of the alert that inhibits this one, or 0. */
    public long inhibitedBy() { return inhibitedBy; }
    public String inhibitReason() { return inhibitReason; }
    /** Held back by a transient rule, firing, in no incident and not silenced: pending. */
    public boolean isPending() {
        return heldBy != null && incidentId == 0 && silencedBy == null && status == AlertStatus.FIRING;
    }
    /** The transient rule that holds (or held) the alert, or null. */
    public String heldBy() { return heldBy; }
    /** While pending under a hold: when the hold ends; else null. */
    public Instant heldUntil() { return heldUntil; }
    public String holdReason() { return holdReason; }
    public boolean isFlapping() { return flapping; }
    /** A human-readable name for timelines: the alert name label, else the title. */
    public String displayName() {
        return labels.getOrDefault("alertname", title);
    }
}
