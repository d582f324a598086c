package dev.sift.core.query;

import dev.sift.core.alert.AlertStatus;
import java.time.Instant;
import java.util.Map;

/** An alert as the API shows it; {@code incidentId} is 0 while a silence keeps it out of any incident. */
public record AlertView(
        long id,
        long incidentId,
        String source,
        String fingerprint,
        String upstreamFingerprint,
        String dedupKey,
        Map<String, String> labels,
        Map<String, String> annotations,
        String title,
        String severity,
        AlertStatus status,
        Instant startsAt,
        Instant firstSeen,
        Instant lastSeen,
        Instant resolvedAt,
        String resolution,
        long count,
        int episode,
        /* While silenced ({@code incidentId} 0) or once resolved under a silence: what muted it and why. */
        String silencedBy,
        String silenceReason,
        /* While inhibited, or once resolved inhibited: the id of the alert that inhibited it (else 0), and why. */
        long inhibitedBy,
        String inhibitReason,
        /* The transient rule that holds it (pending: in no incident, firing) or held it once, the end of its hold
           while pending, and why (once over: how it ended, such as auto-cleared). */
        String heldBy,
        Instant heldUntil,
        String holdReason,
        /* It changes state often enough to count as flapping. */
        boolean flapping) {
    /** Held back by a transient rule: firing, in no incident, not silenced. */
    public boolean isPending() {
        return heldBy != null && incidentId == 0 && silencedBy == null && status == AlertStatus.FIRING;
    }
}
