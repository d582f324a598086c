package dev.sift.core.inhibition;

import dev.sift.core.matching.AlertFields;
import dev.sift.core.matching.Matcher;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One {@code inhibit:} rule of the rules file, as Alertmanager's {@code inhibit_rules}: while an alert matching
 * {@code source} fires in an open incident, a new alert matching {@code target} with the same values of the
 * {@code equal} labels does not open an incident of its own; it is attached to the source's incident instead.
 *
 * @param name unique in the file; the reason on the timeline names the rule by it
 * @param source matchers that the inhibiting alert must all match (at least one)
 * @param target matchers that the inhibited alert must all match (at least one)
 * @param equal label names whose values must be the same in both; a label missing in both counts as equal (the
 *     empty value), as in Alertmanager
 */
public record InhibitRule(String name, List<Matcher> source, List<Matcher> target, List<String> equal) {
    public InhibitRule {
        Objects.requireNonNull(name, "name");
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
        if (source.isEmpty() || target.isEmpty()) {
            throw new IllegalArgumentException("inhibit rule '" + name + "' needs source and target matchers");
        }
    }

    public boolean isTarget(AlertFields alert) {
        return Matcher.all(target, alert);
    }

    public boolean isSource(AlertFields alert) {
        return Matcher.all(source, alert);
    }

    /** Whether the {@code equal} labels have the same values in both alerts. */
    public boolean equalIn(AlertFields a, AlertFields b) {
        for (String label : equal) {
            if (!a.value(label).equals(b.value(label))) {
                return false;
            }
        }
        return true;
    }

    /** The {@code equal} labels with the target's values, for the reason: {@code zone=AB, cluster=""}. */
    public String describeEqual(AlertFields alert) {
        return equal.stream().map(l -> {
            String v = alert.value(l);
            return l + "=" + (v.isEmpty() || v.contains(" ") || v.contains(",") ? '"' + v + '"' : v);
        }).collect(Collectors.joining(", "));
    }
}
