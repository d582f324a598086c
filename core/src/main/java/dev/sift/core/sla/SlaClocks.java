package dev.sift.core.sla;

import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SLA clocks of the incidents in the engine's working set. The engine shows it every change of an incident;
 * the clocks follow from the incident's status, queue and priority:
 *
 * <ul>
 *   <li>both start when the incident opened (its first signal), not when a person first looks;
 *   <li>snoozed and resolved stretches are pauses (a reopened incident's clocks run on);
 *   <li>the acknowledge clock is met once the incident is acknowledged (by a person or its source), and stops
 *       when it is resolved; the resolve clock is met when it is resolved;
 *   <li>the policy is chosen again whenever queue or priority change, from the same start and pauses; a breach
 *       already recorded stays recorded (once per clock and incident), so raising the priority on a breach never
 *       breaches the same clock again under the next policy.
 * </ul>
 *
 * Pure: time is passed in. Not thread-safe (the engine's writer thread owns it).
 */
public final class SlaClocks {
    private SlaPolicies policies = SlaPolicies.NONE;
    private final Map<Long, IncidentSla> byIncident = new HashMap<>();
    /** The due time last handed out for a timer, per incident, so that unchanged clocks add no timers. */
    private final Map<Long, Instant> scheduled = new HashMap<>();

    public void use(SlaPolicies next) {
        policies = Objects.requireNonNull(next, "policies");
    }

    public void clear() {
        byIncident.clear();
        scheduled.clear();
    }

    /** Timers were dropped (a reload re-derives them): every due time is handed out again. */
    public void timersCleared() {
        scheduled.clear();
    }

    /** Takes back a stored state (at start). */
    public void restore(IncidentSla stored) {
        byIncident.put(stored.incidentId(), stored);
    }

    public IncidentSla of(long incidentId) {
        return byIncident.get(incidentId);
    }

    /**
     * Brings the incident's clocks up to date with what it is now.
     *
     * @return the new state when it changed (to be stored), else null
     */
    public IncidentSla observe(Incident i, Instant now) {
        IncidentSla before = byIncident.get(i.id());
        if (before == null && (policies.isEmpty() || !i.status().isOpen())) {
            return null;
        }
        List<Pause> pauses = pausesNow(before == null ? List.of() : before.pauses(), stopped(i.status()), now);
        SlaPolicy policy = policies.policyFor(i.queue(), i.priority()).orElse(null);
        if (before == null && policy == null) {
            return null;
        }
        boolean samePolicy = before != null && policy != null && policy.name().equals(before.policy());
        Instant ackDue = null, resolveDue = null;
        if (policy != null) {
            List<Pause> projected = projected(pauses, i);
            ackDue = due(policy, policy.acknowledgeWithin(), i, projected,
                    ackStopped(i) && samePolicy ? before.ackDueAt() : null);
            resolveDue = due(policy, policy.resolveWithin(), i, projected,
                    resolveStopped(i) && samePolicy ? before.resolveDueAt() : null);
        }
        IncidentSla after = new IncidentSla(i.id(), policy == null ? null : policy.name(), ackDue, resolveDue,
                before != null && before.ackBreached(), before != null && before.resolveBreached(), pauses);
        if (i.status() == IncidentStatus.CLOSED) {
            byIncident.remove(i.id()); // leaves memory with its incident; storage keeps it
            scheduled.remove(i.id());
        } else {
            byIncident.put(i.id(), after);
        }
        return after.equals(before) ? null : after;
    }

    /**
     * When a timer should look at the incident next, if that is a new time: the earliest due time of a clock that
     * still runs (or is only paused by a snooze). Null when there is none or it was handed out already.
     */
    public Instant newDeadline(Incident i) {
        IncidentSla s = byIncident.get(i.id());
        if (s == null) {
            return null;
        }
        Instant next = null;
        if (ackRunning(s, i) && s.ackDueAt() != null) {
            next = s.ackDueAt();
        }
        if (resolveRunning(s, i) && s.resolveDueAt() != null && (next == null || s.resolveDueAt().isBefore(next))) {
            next = s.resolveDueAt();
        }
        if (next == null || next.equals(scheduled.get(i.id()))) {
            return null;
        }
        scheduled.put(i.id(), next);
        return next;
    }

    /**
     * The clocks of the incident that ran out by {@code now} and were not reported yet; they are marked breached
     * (the caller records them on the timeline and stores the new state, {@link #of}).
     */
    public List<Breach> breaches(Incident i, Instant now) {
        IncidentSla s = byIncident.get(i.id());
        SlaPolicy policy = s == null || s.policy() == null ? null : policies.named(s.policy()).orElse(null);
        if (policy == null) {
            return List.of();
        }
        scheduled.remove(i.id()); // the timer that brought us here is spent
        List<Breach> out = new ArrayList<>(2);
        boolean ack = ackRunning(s, i) && i.status() != IncidentStatus.SNOOZED && s.ackDueAt() != null
                && !s.ackDueAt().isAfter(now);
        boolean resolve = resolveRunning(s, i) && i.status() != IncidentStatus.SNOOZED && s.resolveDueAt() != null
                && !s.resolveDueAt().isAfter(now);
        if (ack) {
            out.add(new Breach(policy, true));
        }
        if (resolve) {
            out.add(new Breach(policy, false));
        }
        if (!out.isEmpty()) {
            byIncident.put(i.id(), s.withBreaches(s.ackBreached() || ack, s.resolveBreached() || resolve));
        }
        return out;
    }

    private boolean ackRunning(IncidentSla s, Incident i) {
        return !s.ackBreached() && !ackStopped(i);
    }

    private boolean resolveRunning(IncidentSla s, Incident i) {
        return !s.resolveBreached() && !resolveStopped(i);
    }

    private static boolean ackStopped(Incident i) {
        return i.acknowledgedAt() != null || resolveStopped(i);
    }

    private static boolean resolveStopped(Incident i) {
        return i.status() == IncidentStatus.RESOLVED || i.status() == IncidentStatus.CLOSED;
    }

    private static boolean stopped(IncidentStatus s) {
        return s == IncidentStatus.SNOOZED || s == IncidentStatus.RESOLVED || s == IncidentStatus.CLOSED;
    }

    /** The pauses with the current one opened or closed at {@code now} as the status says. */
    private static List<Pause> pausesNow(List<Pause> pauses, boolean paused, Instant now) {
        Pause last = pauses.isEmpty() ? null : pauses.get(pauses.size() - 1);
        boolean open = last != null && last.isOpen();
        if (paused == open) {
            return pauses;
        }
        List<Pause> next = new ArrayList<>(pauses);
        if (paused) {
            next.add(new Pause(now, null));
        } else {
            next.set(next.size() - 1, new Pause(last.start(), now));
        }
        return next;
    }

    /** A snooze has a known end: its pause is taken to last until then, so the due times stay known. */
    private static List<Pause> projected(List<Pause> pauses, Incident i) {
        if (i.status() != IncidentStatus.SNOOZED || i.snoozedUntil() == null || pauses.isEmpty()) {
            return pauses;
        }
        Pause last = pauses.get(pauses.size() - 1);
        if (!last.isOpen() || i.snoozedUntil().isBefore(last.start())) {
            return pauses;
        }
        List<Pause> next = new ArrayList<>(pauses);
        next.set(next.size() - 1, new Pause(last.start(), i.snoozedUntil()));
        return next;
    }

    /** A stopped clock keeps the due time it had under the same policy; else it is derived from the start. */
    private static Instant due(SlaPolicy policy, Duration within, Incident i, List<Pause> pauses, Instant frozen) {
        if (within == null) {
            return null;
        }
        if (frozen != null) {
            return frozen;
        }
        return DueTimes.dueAt(i.createdAt(), within, policy.calendar(), pauses);
    }
}
