package dev.sift.core.transients;

import dev.sift.core.matching.AlertFields;
import java.util.List;
import java.util.Objects;

/**
 * The {@code transients:} rules of the rules file (part of {@link dev.sift.core.rules.Rules}), in file order: the
 * first rule whose matchers match an alert decides how it is held, as the first matching route does.
 */
public record Transients(List<TransientRule> rules) {
    public static final Transients NONE = new Transients(List.of());

    public Transients {
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The rule that holds this alert, or null. */
    public TransientRule ruleFor(AlertFields alert) {
        for (TransientRule r : rules) {
            if (r.matches(alert)) {
                return r;
            }
        }
        return null;
    }

    /** The rule with this name, or null (a pending alert's rule may have left the file). */
    public TransientRule named(String name) {
        for (TransientRule r : rules) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
