package dev.sift.core.engine;

import dev.sift.core.signal.Signal;
import dev.sift.core.workflow.Action;
import java.util.Objects;

/** Everything the engine applies, in one order: signals from sources, actions of people, and the passing of time. */
public sealed interface Command {
    record Ingest(Signal signal) implements Command {
        public Ingest {
            Objects.requireNonNull(signal, "signal");
        }
    }

    record Act(long incidentId, String actor, Action action) implements Command {
        public Act {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(action, "action");
        }
    }

    /** Runs whatever is due: snooze wake-ups, expiry of stale alerts, auto-close. */
    record Tick() implements Command {}
}
