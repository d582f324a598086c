package dev.sift.core.routing;

import dev.sift.core.incident.Priority;
import java.util.Objects;

/**
 * What a route says about priority: a fixed priority ({@code P2}), or an adjustment of the priority it would
 * otherwise get ({@code +1} is one step more urgent, {@code -1} one step less), bounded by P1 and P5. An
 * adjustment applies to what the route inherits: its parent route's priority, or at the top the priority that the
 * severity maps to (and it follows that severity when it changes later).
 */
public sealed interface PriorityRule {
    Priority apply(Priority inherited);

    /**
     * This rule followed by a child route's rule: a child's fixed priority wins, adjustments add up; null when
     * adjustments cancel out (the severity decides again).
     */
    PriorityRule then(PriorityRule child);

    /** The rules file's spelling: {@code P2}, {@code +1}, {@code -2}. */
    String wireName();

    record Fixed(Priority priority) implements PriorityRule {
        public Fixed {
            Objects.requireNonNull(priority, "priority");
        }

        @Override
        public Priority apply(Priority inherited) {
            return priority;
        }

        @Override
        public PriorityRule then(PriorityRule child) {
            return child == null ? this : new Fixed(child.apply(priority));
        }

        @Override
        public String wireName() {
            return priority.name();
        }
    }

    record Adjust(int steps) implements PriorityRule {
        /** More than four steps is never needed: four moves P5 to P1. */
        public static final int MAX_STEPS = Priority.values().length - 1;

        public Adjust {
            if (steps == 0 || Math.abs(steps) > MAX_STEPS) {
                throw new IllegalArgumentException("a priority adjustment is -" + MAX_STEPS + " … +" + MAX_STEPS
                        + " steps and not 0, got " + steps);
            }
        }

        @Override
        public Priority apply(Priority inherited) {
            return inherited.moreUrgentBy(steps);
        }

        @Override
        public PriorityRule then(PriorityRule child) {
            if (child == null) {
                return this;
            }
            if (child instanceof Adjust a) {
                int sum = Math.max(-MAX_STEPS, Math.min(MAX_STEPS, steps + a.steps));
                return sum == 0 ? null : new Adjust(sum);
            }
            return child;
        }

        @Override
        public String wireName() {
            return (steps > 0 ? "+" : "") + steps;
        }
    }

    /** {@code null} (no rule) followed by {@code child}. */
    static PriorityRule compose(PriorityRule parent, PriorityRule child) {
        return parent == null ? child : parent.then(child);
    }

    /**
     * Reads {@code P1}..{@code P5} or a signed adjustment such as {@code +1} or {@code -2}.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    static PriorityRule parse(String text) {
        String t = text.strip();
        if (t.startsWith("+") || t.startsWith("-")) {
            int steps;
            try {
                steps = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid priority adjustment '" + text + "'; expected +1 … +"
                        + Adjust.MAX_STEPS + " (more urgent) or -1 … -" + Adjust.MAX_STEPS + " (less urgent)");
            }
            if (steps == 0 || Math.abs(steps) > Adjust.MAX_STEPS) {
                throw new IllegalArgumentException("priority adjustment " + t + " is out of range; expected +1 … +"
                        + Adjust.MAX_STEPS + " (more urgent) or -1 … -" + Adjust.MAX_STEPS + " (less urgent)");
            }
            return new Adjust(steps);
        }
        return new Fixed(Priority.fromWireName(t));
    }
}
