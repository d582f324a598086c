package dev.sift.core.sla;

/** An SLA clock ran out: what the timeline says, and the priority the policy asks for. */
public record Breach(SlaPolicy policy, boolean acknowledge) {
    /** "SLA breached: not acknowledged within 15m (policy P1-default)". */
    public String message() {
        return "SLA breached: not " + (acknowledge ? "acknowledged" : "resolved") + " within "
                + policy.describe(acknowledge ? policy.acknowledgeWithin() : policy.resolveWithin())
                + " (policy " + policy.name() + ")";
    }
}
