package dev.sift.core.engine;

import dev.sift.core.alert.Alert;
import dev.sift.core.engine.Outcome.Rejected.Reason;
import dev.sift.core.grouping.Lessons;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.workflow.Action;
import dev.sift.core.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * People correcting grouping: merge an incident into another, move one alert to another incident, or split it off
 * into a new one. Each correction is written on the timelines of both incidents with its actor and reason, and is a
 * lesson for grouping ({@link Lessons}: a merge says the alerts' names belong together, a move out says they do
 * not), taught in the engine's order of commands so that a replay learns the same. Part of the engine (its state,
 * its writer thread); kept apart so that the engine's main class stays about signals and time.
 */
final class Corrections {
    private final Engine engine;

    Corrections(Engine engine) {
        this.engine = engine;
    }

    Outcome apply(Incident source, Command.Act c, Instant now, Changes out) {
        var refusal = Workflow.refusal(source, c.action(), now);
        if (refusal.isPresent()) {
            return new Outcome.Rejected(source.status() == IncidentStatus.CLOSED ? Reason.CONFLICT : Reason.INVALID,
                    refusal.get(), source.status() == IncidentStatus.CLOSED ? null : "into");
        }
        return switch (c.action()) {
            case Action.Merge m -> merge(source, m, c.actor(), now, out);
            case Action.Move m -> move(source, m, c.actor(), now, out);
            default -> throw new IllegalArgumentException("not a correction: " + c.action());
        };
    }

    /** All alerts of {@code source} move into the target; {@code source} closes as merged, its number forwards. */
    private Outcome merge(Incident source, Action.Merge m, String actor, Instant now, Changes out) {
        Incident target = engine.incidents.get(m.into());
        Outcome.Rejected refused = refuseTarget(target, m.into(), "merge into it");
        if (refused != null) {
            return refused;
        }
        List<Alert> moving = engine.alertsOfIncident.remove(source.id());
        List<Lessons.Lesson> taught = engine.lessons.merged(samples(moving), samples(engine.alertsOf(target.id())));
        taught.forEach(out::lesson);
        Priority before = target.priority();
        for (Alert a : moving) {
            a.moveTo(target.id());
            engine.alertsOfIncident.get(target.id()).add(a);
            out.alert(a);
            engine.afterJoining(target, a);
        }
        String why = because(m.reason());
        engine.record(out, target, now, actor, TimelineKind.GROUPED, "#" + source.id() + " merged into this incident"
                + " by " + actor + why + " (" + alertsNote(moving) + ")" + priorityNote(before, target)
                + lessonNote(taught), 0);
        closeAsMerged(source, target, actor, "merged into #" + target.id() + " by " + actor + why, now, out);
        engine.grouping().settled(target.id());
        for (Alert a : moving) {
            engine.offerToGrouping(a); // members of the target now: evidence for what comes next
        }
        return new Outcome.Acted(target.id());
    }

    /**
     * One alert (with the alerts it inhibits, which go where it goes) moves into another open incident, or into a new
     * incident of its own. An incident left without alerts closes as merged into the target: it was all one problem.
     */
    private Outcome move(Incident source, Action.Move m, String actor, Instant now, Changes out) {
        List<Alert> held = engine.alertsOfIncident.get(source.id());
        Alert a = engine.alertsById.get(m.alertId());
        if (a == null || a.incidentId() != source.id() || held == null || !held.contains(a)) {
            String where = a != null && a.incidentId() != 0 && a.incidentId() != source.id()
                    ? " (it is in #" + a.incidentId() + ")" : "";
            return new Outcome.Rejected(Reason.INVALID, "alert " + m.alertId() + " is not in incident #"
                    + source.id() + where, "alert");
        }
        if (a.isInhibited()) {
            return new Outcome.Rejected(Reason.CONFLICT, "alert " + m.alertId() + " (" + a.displayName() + ") is "
                    + a.inhibitReason() + ": it stays with the alert that inhibits it (alert " + a.inhibitedBy()
                    + "); move that one", "alert");
        }
        List<Alert> moving = new ArrayList<>();
        moving.add(a);
        for (Alert x : held) {
            if (x.isInhibited() && x.inhibitedBy() == a.id()) {
                moving.add(x);
            }
        }
        Incident target = null;
        if (m.into() != null) {
            target = engine.incidents.get(m.into());
            Outcome.Rejected refused = refuseTarget(target, m.into(), "move an alert into it");
            if (refused != null) {
                return refused;
            }
        } else if (held.size() == moving.size()) {
            return new Outcome.Rejected(Reason.INVALID, "alert " + m.alertId() + " is the only alert of incident #"
                    + source.id() + ": there is nothing to split it from", "alert");
        }
        held.removeAll(moving);
        for (Alert x : moving) {
            engine.grouping().left(x.id(), source.id());
        }
        Lessons.Sample moved = sample(a);
        List<Lessons.Lesson> taught = new ArrayList<>(engine.lessons.split(moved, samples(held)));
        String why = because(m.reason());
        long into;
        if (target != null) {
            taught.addAll(engine.lessons.merged(List.of(moved), samples(engine.alertsOf(target.id()))));
            Priority before = target.priority();
            for (Alert x : moving) {
                x.moveTo(target.id());
                engine.alertsOfIncident.get(target.id()).add(x);
                out.alert(x);
                engine.afterJoining(target, x);
            }
            engine.record(out, target, now, actor, TimelineKind.GROUPED, a.displayName() + " moved here from #"
                    + source.id() + " by " + actor + why + priorityNote(before, target), a.id());
            engine.grouping().settled(target.id());
            for (Alert x : moving) {
                engine.offerToGrouping(x);
            }
            into = target.id();
        } else {
            into = engine.openIncidentFor(a, engine.fieldsOf(a), "; " + actor + " split it off from #" + source.id()
                    + why, now, out);
            for (Alert x : moving.subList(1, moving.size())) {
                x.moveTo(into);
                engine.alertsOfIncident.get(into).add(x);
                out.alert(x);
            }
            engine.afterAlertResolved(engine.incidents.get(into), now, out); // an alert that recovered already
        }
        taught.forEach(out::lesson);
        String what = target != null ? " moved to #" + into : " split off into #" + into;
        if (held.isEmpty()) {
            engine.record(out, source, now, actor, TimelineKind.GROUPED, a.displayName() + what + " by " + actor
                    + why + lessonNote(taught), a.id());
            engine.alertsOfIncident.remove(source.id());
            closeAsMerged(source, target, actor, "merged into #" + into + " by " + actor + ": its last alert, "
                    + a.displayName() + ", moved there", now, out);
        } else {
            engine.grouping().settled(source.id()); // people left the rest there
            Priority before = source.priority();
            follow(source);
            engine.record(out, source, now, actor, TimelineKind.GROUPED, a.displayName() + what + " by " + actor
                    + why + priorityNote(before, source) + lessonNote(taught), a.id());
            engine.afterAlertResolved(source, now, out); // what stays may all have recovered
        }
        return new Outcome.Acted(into);
    }

    /** Where alerts may go: an open incident (not resolved: its alerts would fire in a resolved incident). */
    private Outcome.Rejected refuseTarget(Incident target, long id, String what) {
        if (target == null) {
            return new Outcome.Rejected(Reason.NOT_FOUND, "no incident #" + id, "into");
        }
        if (!target.status().isOpen()) {
            if (target.status() == IncidentStatus.CLOSED) {
                engine.forget(target); // admitted from storage only to say so
            }
            return new Outcome.Rejected(Reason.CONFLICT, "incident #" + id + " is " + target.status().wireName()
                    + "; reopen it before you " + what, "into");
        }
        return null;
    }

    /** Closed, pointing at the incident that took its alerts (the MERGED entry, as for a merge by grouping). */
    private void closeAsMerged(Incident source, Incident target, String actor, String message, Instant now,
                               Changes out) {
        source.setStatus(IncidentStatus.CLOSED);
        source.setClosedAt(now);
        source.setSnoozedUntil(null);
        source.setMergedInto(target.id());
        engine.record(out, source, now, actor, TimelineKind.MERGED, message, 0);
        engine.forget(source);
    }

    /** Common labels and derived priority follow the alerts that stay (they may grow back, or drop). */
    private void follow(Incident incident) {
        Map<String, String> common = null;
        for (Alert x : engine.alertsOf(incident.id())) {
            if (x.isInhibited()) {
                continue;
            }
            if (common == null) {
                common = new HashMap<>(x.labels());
            } else {
                common.entrySet().removeIf(e -> !e.getValue().equals(x.labels().get(e.getKey())));
            }
        }
        if (common != null) {
            incident.setLabels(common);
        }
        if (!incident.priorityOverridden()) {
            incident.setPriority(engine.derivedPriority(incident));
        }
    }

    private static List<Lessons.Sample> samples(List<Alert> alerts) {
        List<Lessons.Sample> samples = new ArrayList<>(alerts.size());
        for (Alert a : alerts) {
            if (!a.isInhibited()) { // related alerts, not members: people did not place them
                samples.add(sample(a));
            }
        }
        return samples;
    }

    private static Lessons.Sample sample(Alert a) {
        return new Lessons.Sample(a.displayName(), a.startsAt() == null ? a.firstSeen() : a.startsAt());
    }

    private static String because(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason.strip();
    }

    private static String priorityNote(Priority before, Incident incident) {
        return incident.priority() == before ? "" : "; priority " + before + " → " + incident.priority();
    }

    /** "3 alerts: A, B, C" (at most three names). */
    private static String alertsNote(List<Alert> alerts) {
        List<String> names = new ArrayList<>();
        for (Alert a : alerts) {
            if (!names.contains(a.displayName())) {
                names.add(a.displayName());
            }
        }
        String shown = String.join(", ", names.subList(0, Math.min(3, names.size())))
                + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "");
        return alerts.size() + (alerts.size() == 1 ? " alert: " : " alerts: ") + shown;
    }

    /** What grouping learns from it, for people to see (at most three lessons named). */
    private static String lessonNote(List<Lessons.Lesson> taught) {
        if (taught.isEmpty()) {
            return "";
        }
        List<String> shown = new ArrayList<>();
        for (Lessons.Lesson l : taught.subList(0, Math.min(3, taught.size()))) {
            shown.add(l.describe());
        }
        return "; grouping learns: " + String.join("; ", shown)
                + (taught.size() > 3 ? " (and " + (taught.size() - 3) + " more pairs)" : "");
    }
}
