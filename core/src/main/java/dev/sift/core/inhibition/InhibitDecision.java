package dev.sift.core.inhibition;

import java.util.Objects;

/** Whether an alert that would open an incident is inhibited instead, by which alert, and why. */
public sealed interface InhibitDecision {
    NotInhibited NOT_INHIBITED = new NotInhibited();

    record NotInhibited() implements InhibitDecision {}

    /**
     * @param sourceAlertId the inhibiting alert
     * @param incidentId its incident, which the inhibited alert joins as a related alert
     * @param rule the name of the rule
     * @param reason one line for people: {@code inhibited by DbDown in #12: rule 'db-down-mutes-replicas', equal
     *     zone=AB}
     */
    record Inhibited(long sourceAlertId, long incidentId, String rule, String reason) implements InhibitDecision {
        public Inhibited {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
