package dev.sift.core.grouping;

import dev.sift.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongPredicate;

/**
 * Time-window grouping: an alert joins the open incident of its scope (the values of the {@code scope} labels; no
 * labels: one scope for everything) if the last alert joined it at most {@code window} ago. The window rolls:
 * each alert that joins starts it again.
 */
public record TimeGrouping(List<String> scope, Duration window) implements GroupingPolicy {
    public TimeGrouping {
        scope = List.copyOf(scope);
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }

    @Override
    public String mode() {
        return "time";
    }

    @Override
    public Grouper newGrouper() {
        return new TimeGrouper(this);
    }

    String scopeOf(Map<String, String> labels) {
        StringBuilder key = new StringBuilder();
        for (String name : scope) {
            if (key.length() > 0) {
                key.append(", ");
            }
            key.append(name).append(' ').append(labels.getOrDefault(name, "(none)"));
        }
        return key.toString();
    }

    /** Per scope: its current incident and when an alert last joined it. */
    private static final class TimeGrouper implements Grouper {
        private record Current(long incidentId, Instant lastJoined) {}

        private final TimeGrouping policy;
        private final Map<String, Current> byScope = new HashMap<>();

        TimeGrouper(TimeGrouping policy) {
            this.policy = policy;
        }

        @Override
        public GroupingDecision place(Newcomer newcomer, Instant now, LongPredicate acceptsAlerts) {
            String scope = policy.scopeOf(newcomer.labels());
            Current current = byScope.get(scope);
            String where = scope.isEmpty() ? "" : " with the same " + scope;
            if (current == null || !acceptsAlerts.test(current.incidentId())) {
                return new GroupingDecision.Open("no open incident" + where, false);
            }
            Duration since = Duration.between(current.lastJoined(), now);
            if (since.compareTo(policy.window()) > 0) {
                return new GroupingDecision.Open("the last alert" + where + " came " + Durations.format(since)
                        + " ago, more than the window of " + Durations.format(policy.window()), false);
            }
            String same = scope.isEmpty() ? "" : "same " + scope + "; ";
            return new GroupingDecision.Join(current.incidentId(), same + Durations.format(since)
                    + " after the last alert (time window " + Durations.format(policy.window()) + ")", 1.0);
        }

        @Override
        public void opened(long incidentId, Newcomer newcomer, GroupingDecision.Open decision) {
            byScope.put(policy.scopeOf(newcomer.labels()), new Current(incidentId, newcomer.since()));
        }

        @Override
        public void joined(long incidentId, Newcomer newcomer) {
            byScope.put(policy.scopeOf(newcomer.labels()), new Current(incidentId, newcomer.since()));
        }

        @Override
        public void closed(long incidentId) {
            byScope.values().removeIf(c -> c.incidentId() == incidentId);
        }
    }
}
