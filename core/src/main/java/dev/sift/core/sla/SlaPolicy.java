package dev.sift.core.sla;

import dev.sift.core.incident.Priority;
import dev.sift.core.time.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * An SLA policy of the rules file: incidents of these queues and priorities must be acknowledged within
 * {@code acknowledgeWithin} and resolved within {@code resolveWithin} of their first signal, counted in the
 * working time of {@code calendar}.
 *
 * @param queues the queues it applies to; empty: every queue
 * @param priorities the priorities it applies to; empty: every priority
 * @param acknowledgeWithin null: no clock for acknowledging
 * @param resolveWithin null: no clock for resolving
 * @param raiseTo on a breach, raise the priority to this one (if it is more urgent); null: see {@code raiseOneStep}
 * @param raiseOneStep on a breach, raise the priority one step (P3 → P2)
 */
public record SlaPolicy(String name, Set<String> queues, Set<Priority> priorities, Duration acknowledgeWithin,
                        Duration resolveWithin, BusinessCalendar calendar, Priority raiseTo, boolean raiseOneStep) {
    public SlaPolicy {
        Objects.requireNonNull(name, "name");
        queues = Set.copyOf(queues);
        priorities = Set.copyOf(priorities);
        calendar = calendar == null ? BusinessCalendar.ALWAYS : calendar;
        if (acknowledgeWithin == null && resolveWithin == null) {
            throw new IllegalArgumentException("SLA policy " + name + " needs acknowledgeWithin or resolveWithin");
        }
        if (raiseTo != null && raiseOneStep) {
            throw new IllegalArgumentException("SLA policy " + name + ": raiseTo or raisePriority, not both");
        }
    }

    public boolean appliesTo(String queue, Priority priority) {
        return (queues.isEmpty() || queues.contains(queue)) && (priorities.isEmpty() || priorities.contains(priority));
    }

    /** The priority after a breach, from {@code current}. */
    public Priority raised(Priority current) {
        if (raiseTo != null) {
            return raiseTo.moreUrgentThan(current) ? raiseTo : current;
        }
        return raiseOneStep ? current.moreUrgentBy(1) : current;
    }

    /** "15m", or "8h of business hours (calendar office)". */
    String describe(Duration d) {
        return Durations.format(d) + (calendar.isAlways() ? "" : " of working time (calendar " + calendar.name() + ")");
    }
}
