package dev.sift.core.grouping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongPredicate;

/**
 * Groups by listed label names, like Alertmanager's {@code group_by}: with {@code match: all}, alerts with the same
 * values of all listed labels share an incident (a missing label counts as empty); with {@code match: any}, an
 * alert joins the newest open incident that shares the value of any listed label it has.
 */
public record ContentGrouping(List<String> labels, Match match) implements GroupingPolicy {
    public enum Match { ALL, ANY }

    public ContentGrouping {
        labels = List.copyOf(labels);
        Objects.requireNonNull(match, "match");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("content grouping needs at least one label name");
        }
    }

    @Override
    public String mode() {
        return "content";
    }

    @Override
    public Grouper newGrouper() {
        return new ContentGrouper(this);
    }

    /** The keys an alert is grouped under: one for ALL, one per present label for ANY. */
    List<String> keysOf(Map<String, String> alertLabels) {
        List<String> keys = new ArrayList<>();
        if (match == Match.ALL) {
            StringBuilder key = new StringBuilder();
            for (String name : labels) {
                key.append(name).append('=').append(alertLabels.getOrDefault(name, "")).append('\u0000');
            }
            keys.add(key.toString());
        } else {
            for (String name : labels) {
                String value = alertLabels.get(name);
                if (value != null && !value.isEmpty()) {
                    keys.add(name + '=' + value);
                }
            }
        }
        return keys;
    }

    /** The newest open incident of each key; an incident's keys go when it closes. */
    private static final class ContentGrouper implements Grouper {
        private final ContentGrouping policy;
        private final Map<String, Long> incidentOfKey = new HashMap<>();
        private final Map<Long, List<String>> keysOfIncident = new HashMap<>();

        ContentGrouper(ContentGrouping policy) {
            this.policy = policy;
        }

        @Override
        public GroupingDecision place(Newcomer newcomer, Instant now, LongPredicate acceptsAlerts) {
            long best = 0;
            String shared = null;
            for (String key : policy.keysOf(newcomer.labels())) {
                Long incident = incidentOfKey.get(key);
                if (incident != null && incident > best && acceptsAlerts.test(incident)) {
                    best = incident;
                    shared = key;
                }
            }
            if (best == 0) {
                return new GroupingDecision.Open("no open incident with the same " + describe(), false);
            }
            return new GroupingDecision.Join(best, "same " + readable(shared) + " (content grouping by "
                    + describe() + ")", 1.0);
        }

        @Override
        public void opened(long incidentId, Newcomer newcomer, GroupingDecision.Open decision) {
            index(incidentId, newcomer);
        }

        @Override
        public void joined(long incidentId, Newcomer newcomer) {
            index(incidentId, newcomer);
        }

        private void index(long incidentId, Newcomer newcomer) {
            for (String key : policy.keysOf(newcomer.labels())) {
                Long before = incidentOfKey.put(key, incidentId);
                if (before == null || before != incidentId) {
                    keysOfIncident.computeIfAbsent(incidentId, k -> new ArrayList<>()).add(key);
                }
            }
        }

        @Override
        public void closed(long incidentId) {
            for (String key : keysOfIncident.getOrDefault(incidentId, List.of())) {
                incidentOfKey.remove(key, incidentId);
            }
            keysOfIncident.remove(incidentId);
        }

        private String describe() {
            return String.join(", ", policy.labels()) + (policy.labels().size() > 1
                    ? " (" + policy.match().name().toLowerCase(java.util.Locale.ROOT) + ")" : "");
        }

        private static String readable(String key) {
            return key.replace('\u0000', ' ').strip().replace("= ", "=(none) ").replace(" ", ", ");
        }
    }
}
