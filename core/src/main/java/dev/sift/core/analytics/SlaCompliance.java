package dev.sift.core.analytics;

/**
 * SLA clocks of the incidents opened in the period, per policy and queue (both null: all of them): how many were
 * under a policy, how many breached the time to acknowledge, to resolve, either.
 *
 * @param policy the policy in force now, or null when none applies any more (a breach recorded before stays)
 */
public record SlaCompliance(String policy, String queue, long incidents, long ackBreaches, long resolveBreaches,
                            long breached) {
    /** 1 − breached / incidents. */
    public Double compliance() {
        return incidents == 0 ? null : Math.round((1 - (double) breached / incidents) * 1000) / 1000.0;
    }
}
