package dev.sift.core.grouping;

import java.time.Duration;
import java.util.Objects;

/**
 * Grouping that decides online, from evidence learned from the stream itself: which label is the scope that
 * related alerts share (a zone, a cluster, a region: whichever label alerts that start together agree on most),
 * how close in time an alert began to the members of an open incident, whether the same kind of alert is already
 * firing there or began in another scope at the same moment, and which kinds of alert shared incidents before.
 * See {@link IntelligentGrouper} for the algorithm and docs/grouping.md for how it was measured.
 *
 * @param joinWindow an alert joins an incident of its scope when it began at most this long before or after one of
 *     the incident's members
 * @param crossScopeWindow the same kind of alert beginning in several scopes within this time is one problem (a
 *     global cause)
 * @param scopeLabel the label that names the scope, or null to learn it from the stream
 * @param scopeHints topology labels taken as the scope while the stream has not shown one yet (a small stream
 *     never does): the first of them that most alerts carry
 * @param waitForRepeat an alert from a source that re-sends (Alertmanager) opens an incident of its own first and
 *     joins another only once it is sent again, so that transient failures stay out of real incidents
 * @param flapWindow an alert that fires again at most this long after its last episode ended flaps: the new episode
 *     returns to the alert's incident (reopening it if it resolved) instead of being placed anew; later, it is placed
 *     anew, because the same alert firing again much later is often a new problem
 * @param maxLearnedKinds how many kinds of alert the co-occurrence statistics follow (memory bound)
 */
public record IntelligentGrouping(Duration joinWindow, Duration crossScopeWindow, String scopeLabel,
                                  java.util.List<String> scopeHints,
                                  boolean waitForRepeat, Duration flapWindow, int maxLearnedKinds) implements GroupingPolicy {
    /** Label names that conventionally name where an alert runs (Prometheus, Kubernetes and cloud conventions). */
    public static final java.util.List<String> TOPOLOGY_LABELS =
            java.util.List.of("zone", "region", "cluster", "datacenter", "site", "availability_zone");

    public IntelligentGrouping {
        requirePositive(joinWindow, "joinWindow");
        requirePositive(crossScopeWindow, "crossScopeWindow");
        requirePositive(flapWindow, "flapWindow");
        scopeHints = java.util.List.copyOf(scopeHints);
        if (scopeLabel != null && scopeLabel.isBlank()) {
            throw new IllegalArgumentException("scopeLabel must not be blank");
        }
        if (maxLearnedKinds < 1) {
            throw new IllegalArgumentException("maxLearnedKinds must be at least 1, was " + maxLearnedKinds);
        }
    }

    public static IntelligentGrouping defaults() {
        return new IntelligentGrouping(Duration.ofMinutes(3), Duration.ofMinutes(5), null, TOPOLOGY_LABELS, true,
                Duration.ofMinutes(10), 2048);
    }

    /**
     * New alerts of one kind that begin in one scope each at most this long after the last are a burst: one
     * problem seen from many places (a sixth of the join window: 30 s by default).
     */
    public Duration burstWindow() {
        return joinWindow.dividedBy(6);
    }

    @Override
    public String mode() {
        return "intelligent";
    }

    @Override
    public Grouper newGrouper() {
        return new IntelligentGrouper(this);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
