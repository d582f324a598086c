package dev.sift.core.sla;

import java.time.Instant;
import java.util.List;

/**
 * An incident's SLA clocks as storage keeps them and the API shows them. Both clocks start at the incident's first
 * signal (when it opened) and stop for good once met; they do not run during {@code pauses}.
 *
 * @param policy the policy that applies now; null when none does (any breach recorded before stays)
 * @param ackDueAt when the incident must be acknowledged by; null without that clock, or while it is paused
 *     with no known end
 * @param resolveDueAt likewise for resolving
 * @param ackBreached it was not acknowledged in time (recorded once, kept even if the policy changes)
 * @param resolveBreached it was not resolved in time
 * @param pauses snoozed and resolved stretches, oldest first; the last may be open
 */
public record IncidentSla(long incidentId, String policy, Instant ackDueAt, Instant resolveDueAt,
                          boolean ackBreached, boolean resolveBreached, List<Pause> pauses) {
    public IncidentSla {
        pauses = List.copyOf(pauses);
    }

    IncidentSla withBreaches(boolean ack, boolean resolve) {
        return new IncidentSla(incidentId, policy, ackDueAt, resolveDueAt, ack, resolve, pauses);
    }
}
