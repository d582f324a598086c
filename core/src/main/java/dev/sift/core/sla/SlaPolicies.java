package dev.sift.core.sla;

import dev.sift.core.incident.Priority;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The SLA policies of the rules file, in file order: an incident gets the first one that applies to it. */
public record SlaPolicies(List<SlaPolicy> policies) {
    public static final SlaPolicies NONE = new SlaPolicies(List.of());

    public SlaPolicies {
        policies = List.copyOf(Objects.requireNonNull(policies, "policies"));
    }

    public boolean isEmpty() {
        return policies.isEmpty();
    }

    public Optional<SlaPolicy> policyFor(String queue, Priority priority) {
        for (SlaPolicy p : policies) {
            if (p.appliesTo(queue, priority)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public Optional<SlaPolicy> named(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
