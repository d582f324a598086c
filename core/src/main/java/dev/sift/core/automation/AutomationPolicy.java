package dev.sift.core.automation;

import dev.sift.core.grouping.GroupingPolicies;
import java.time.Duration;
import java.util.Objects;

/**
 * What Sift does on its own. Every rule here is a default that the rules file can change.
 *
 * @param autoResolve resolve an incident when its last alert resolves, unless a person acknowledged it or was
 *     assigned (then only a timeline note is added)
 * @param reopenWindow an alert firing again within this time after its incident resolved reopens that incident;
 *     later, it opens a new one
 * @param closeAfter a resolved incident closes after this quiet period
 * @param resendingExpiry an alert from a source that re-sends firing alerts (Alertmanager) resolves as expired
 *     when it has not been sent for this long; must be well above the sender's re-send interval (Alertmanager's
 *     default repeat_interval is 4h)
 * @param eventExpiry the same for event sources that resolve explicitly; null means never
 * @param priorities severity → priority
 * @param queueLabels label names whose value names the incident's queue, first present wins
 * @param defaultQueue the queue when none of those labels is present
 * @param grouping how alerts are grouped into incidents: the default policy and the named ones
 */
public record AutomationPolicy(
        boolean autoResolve,
        Duration reopenWindow,
        Duration closeAfter,
        Duration resendingExpiry,
        Duration eventExpiry,
        PriorityMapping priorities,
        java.util.List<String> queueLabels,
        String defaultQueue,
        GroupingPolicies grouping) {

    public AutomationPolicy {
        requirePositive(reopenWindow, "reopenWindow");
        requirePositive(closeAfter, "closeAfter");
        requirePositive(resendingExpiry, "resendingExpiry");
        if (eventExpiry != null) {
            requirePositive(eventExpiry, "eventExpiry");
        }
        Objects.requireNonNull(priorities, "priorities");
        queueLabels = java.util.List.copyOf(queueLabels);
        Objects.requireNonNull(defaultQueue, "defaultQueue");
        Objects.requireNonNull(grouping, "grouping");
    }

    /** With the default grouping. */
    public AutomationPolicy(boolean autoResolve, Duration reopenWindow, Duration closeAfter, Duration resendingExpiry,
                            Duration eventExpiry, PriorityMapping priorities, java.util.List<String> queueLabels,
                            String defaultQueue) {
        this(autoResolve, reopenWindow, closeAfter, resendingExpiry, eventExpiry, priorities, queueLabels,
                defaultQueue, GroupingPolicies.defaults());
    }

    public static AutomationPolicy defaults() {
        return new AutomationPolicy(true, Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(12), null,
                PriorityMapping.defaults(), java.util.List.of("queue", "team"), "default");
    }

    public AutomationPolicy withAutoResolve(boolean on) {
        return new AutomationPolicy(on, reopenWindow, closeAfter, resendingExpiry, eventExpiry, priorities,
                queueLabels, defaultQueue, grouping);
    }

    public AutomationPolicy withGrouping(GroupingPolicies policies) {
        return new AutomationPolicy(autoResolve, reopenWindow, closeAfter, resendingExpiry, eventExpiry, priorities,
                queueLabels, defaultQueue, policies);
    }

    public String queueOf(java.util.Map<String, String> labels) {
        for (String name : queueLabels) {
            String v = labels.get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return defaultQueue;
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
