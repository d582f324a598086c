package dev.sift.core.inhibition;

import dev.sift.core.matching.AlertFields;
import java.util.List;
import java.util.Objects;

/**
 * The {@code inhibit:} rules of the rules file (part of {@link dev.sift.core.rules.Rules}) and the policy that asks
 * them whether a new alert is inhibited. Rules are tried in file order; for the first rule that has an inhibiting
 * alert, the one with the lowest id (the oldest) is chosen, so that a replay decides the same.
 *
 * <p>As in Alertmanager, an alert that matches both the source and the target matchers of a rule is not inhibited
 * by an alert that matches both too (two such alerts would otherwise mute each other), and an alert never
 * inhibits itself.
 */
public record Inhibition(List<InhibitRule> rules) {
    public static final Inhibition NONE = new Inhibition(List.of());

    public Inhibition {
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether any rule could inhibit this alert; when none can, the candidates need not be looked at. */
    public boolean mayInhibit(AlertFields target) {
        for (InhibitRule r : rules) {
            if (r.isTarget(target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param target what matchers see of the alert that would open an incident
     * @param targetAlertId its id (0 for one not yet created), which never inhibits itself
     * @param candidates the firing alerts in open incidents that are not inhibited themselves
     */
    public InhibitDecision decide(AlertFields target, long targetAlertId, Iterable<InhibitCandidate> candidates) {
        for (InhibitRule r : rules) {
            if (!r.isTarget(target)) {
                continue;
            }
            boolean twoSided = r.isSource(target);
            InhibitCandidate best = null;
            for (InhibitCandidate c : candidates) {
                if (c.alertId() == targetAlertId || best != null && c.alertId() > best.alertId()) {
                    continue;
                }
                if (r.isSource(c.fields()) && r.equalIn(target, c.fields())
                        && !(twoSided && r.isTarget(c.fields()))) {
                    best = c;
                }
            }
            if (best != null) {
                String equal = r.equal().isEmpty() ? "" : ", equal " + r.describeEqual(target);
                return new InhibitDecision.Inhibited(best.alertId(), best.incidentId(), r.name(),
                        "inhibited by " + best.name() + " in #" + best.incidentId() + ": rule '" + r.name() + "'"
                                + equal);
            }
        }
        return InhibitDecision.NOT_INHIBITED;
    }
}
