package dev.sift.core.grouping;

import java.util.Objects;

/**
 * Where a grouping policy puts an alert episode, and why. The reason is written on the incident's timeline as
 * it is, so it names the evidence people can check ("same zone AB; 40 s after TooFewEndpointsRegistered").
 */
public sealed interface GroupingDecision {
    String reason();

    /** The episode joins this open incident. {@code score} is the policy's confidence, 0..1. */
    record Join(long incidentId, String reason, double score) implements GroupingDecision {
        public Join {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The episode opens an incident of its own. A {@code pending} one may still join another incident later, when
     * it proves to persist (see {@link Grouper#sentAgain}).
     */
    record Open(String reason, boolean pending) implements GroupingDecision {
        public Open {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
