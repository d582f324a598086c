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
        List<Pause> pauses = pausesNow(before == null ? List.of() : before.pauses(), i, now);
        SlaPolicy policy = policies.policyFor(i.queue(), i.priority()).orElse(null);
        if (before == null && policy == null) {
            return null;
        }
        boolean samePolicy = before != null && policy != null && policy.name().equals(before.policy());
        Instant ackDue = null, resolveDue = null;
        if (policy != null) {
            ackDue = due(policy, policy.acknowledgeWithin(), i, pauses,
                    ackStopped(i) && samePolicy ? before.ackDueAt() : null);
            resolveDue = due(policy, policy.resolveWithin(), i, pauses,
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

    /**
     * The pauses with the current one as the status says. A snooze has a known end, so its pause ends then (and the
     * due times stay known); if the snooze is cut short, or extended, so is the pause. A resolved incident's pause
     * has no end until it reopens. A pause that ended by itself (the snooze ran out) stays as it was, even when the
     * timer that wakes the incident runs late.
     */
    private static List<Pause> pausesNow(List<Pause> pauses, Incident i, Instant now) {
        Pause last = pauses.isEmpty() ? null : pauses.get(pauses.size() - 1);
        boolean ongoing = last != null && (last.isOpen() || last.end().isAfter(now));
        Instant end;
        switch (i.status()) {
            case SNOOZED -> end = i.snoozedUntil() == null || i.snoozedUntil().isBefore(now) ? now : i.snoozedUntil();
            case RESOLVED, CLOSED -> end = null;
            default -> {
                if (!ongoing) {
                    return pauses;
                }
                end = now;
            }
        }
        Pause next = new Pause(ongoing ? last.start() : now, end);
        if (ongoing && next.equals(last) || !ongoing && now.equals(end)) {
            return pauses; // nothing changed, or a pause of no length (a snooze that ends this very instant)
        }
        List<Pause> out = new ArrayList<>(pauses);
        if (ongoing) {
            out.set(out.size() - 1, next);
        } else {
            out.add(next);
        }
        return out;
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
