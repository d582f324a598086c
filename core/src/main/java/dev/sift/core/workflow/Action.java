package dev.sift.core.workflow;

import dev.sift.core.incident.Priority;
import java.time.Instant;
import java.util.Objects;

/** What a person does to an incident. The actor travels beside the action, in the command. */
public sealed interface Action {
    /** Take it: the actor becomes the assignee. */
    record Acknowledge() implements Action {}

    record Assign(String assignee) implements Action {
        public Assign {
            Objects.requireNonNull(assignee, "assignee");
        }
    }

    /** Pause until a time; it comes back as triggered by itself. */
    record Snooze(Instant until) implements Action {
        public Snooze {
            Objects.requireNonNull(until, "until");
        }
    }

    record Resolve(String reason) implements Action {}

    record Close(String reason) implements Action {}

    record Reopen(String reason) implements Action {}

    record Comment(String text) implements Action {
        public Comment {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Override the priority derived from severity; null returns to the derived one. */
    record SetPriority(Priority priority) implements Action {}

    /**
     * Merge this incident into incident {@code into}: all its alerts move there, and it closes as merged. People
     * correcting grouping: what grouping learns from it is in {@code dev.sift.core.grouping.Lessons}.
     */
    record Merge(long into, String reason) implements Action {}

    /**
     * Move one alert of this incident into incident {@code into}, or, when {@code into} is null, split it off into a
     * new incident of its own.
     */
    record Move(long alertId, Long into, String reason) implements Action {}
}
