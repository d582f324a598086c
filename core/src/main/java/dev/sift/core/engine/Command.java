package dev.sift.core.engine;

import dev.sift.core.matching.Matcher;
import dev.sift.core.rules.Rules;
import dev.sift.core.signal.Signal;
import dev.sift.core.workflow.Action;
import java.time.Instant;
import java.util.List;
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

    /**
     * From now on, apply these rules (a reloaded rules file). Applied in order with signals, so every signal is
     * handled entirely under the old rules or entirely under the new ones, and a replay gives the same result.
     * Open incidents keep the route they were given; timers are re-derived with the new durations.
     */
    record UseRules(Rules rules) implements Command {
        public UseRules {
            Objects.requireNonNull(rules, "rules");
        }
    }

    /**
     * A person silences alerts matching {@code matchers} from {@code startsAt} (null: now) until {@code endsAt}.
     * The engine numbers it; it mutes alerts that would open an incident from then on (see {@code Silences}).
     */
    record CreateSilence(List<Matcher> matchers, Instant startsAt, Instant endsAt, String author, String comment)
            implements Command {
        public CreateSilence {
            matchers = List.copyOf(Objects.requireNonNull(matchers, "matchers"));
            Objects.requireNonNull(endsAt, "endsAt");
            Objects.requireNonNull(author, "author");
        }
    }

    /**
     * Watch a heartbeat integration (new, or known again at start): if it does not ping within
     * {@code interval + grace}, an incident opens through the routes like any alert's.
     */
    record WatchHeartbeat(long integrationId, String name, java.time.Duration interval, java.time.Duration grace)
            implements Command {
        public WatchHeartbeat {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(grace, "grace");
        }
    }

    /**
     * A heartbeat integration pinged: the pipeline behind it is alive; a missing-heartbeat alert resolves. It carries
     * the integration's settings, so that a heartbeat the engine does not know yet (its watch command was lost) is
     * watched from this ping on.
     */
    record Ping(long integrationId, String name, java.time.Duration interval, java.time.Duration grace)
            implements Command {
        public Ping {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(grace, "grace");
        }
    }

    /** A person ends a silence now; alerts it muted that still fire open their incidents. */
    record ExpireSilence(long silenceId, String actor) implements Command {
        public ExpireSilence {
            Objects.requireNonNull(actor, "actor");
        }
    }
}
