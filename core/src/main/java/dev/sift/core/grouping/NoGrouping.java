package dev.sift.core.grouping;

import java.time.Instant;
import java.util.function.LongPredicate;

/** Every alert opens an incident of its own: Sift before grouping, and the baseline every mode is measured against. */
public record NoGrouping() implements GroupingPolicy {
    @Override
    public String mode() {
        return "none";
    }

    @Override
    public Grouper newGrouper() {
        return new Grouper() {
            @Override
            public GroupingDecision place(Newcomer newcomer, Instant now, LongPredicate acceptsAlerts) {
                return new GroupingDecision.Open("", false); // nothing to explain: "opened by" says it all
            }

            @Override
            public void opened(long incidentId, Newcomer newcomer, GroupingDecision.Open decision) {}

            @Override
            public void joined(long incidentId, Newcomer newcomer) {}

            @Override
            public void closed(long incidentId) {}
        };
    }
}
