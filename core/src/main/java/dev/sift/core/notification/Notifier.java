package dev.sift.core.notification;

import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineKind;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decides, as the engine records what happened to an incident, whom to tell: a new incident, a priority more urgent
 * than people were last told, a reopening and a resolve become one {@link Notification} per channel of the
 * incident's route (or the default channels) that takes that event. What never reaches an incident's timeline as
 * one of those — repeats, silenced and inhibited alerts — is never notified.
 *
 * <p>It remembers the priority last told per open incident, so that a raise is told once and a lowering is not
 * told at all (the next raise is measured from the lower one). Incidents can be muted (a flapping incident): their
 * events are not notified while muted. Muting is not stored: {@link #restore} forgets it, so whoever mutes derives
 * it again from its own state after a restart. Engine state: one writer thread, no locking.
 */
public final class Notifier {
    private final Map<Long, Priority> told = new HashMap<>();
    private final Set<Long> muted = new HashSet<>();

    /** After a restart: what open incidents are at now is what people were told (the outbox held the rest). */
    public void restore(Collection<Incident> incidents) {
        told.clear();
        muted.clear();
        for (Incident i : incidents) {
            if (i.status().isOpen()) {
                told.put(i.id(), i.priority());
            }
        }
    }

    /** From now on, nothing about this incident is notified (until {@link #unmute}). */
    public void mute(long incidentId) {
        muted.add(incidentId);
    }

    public void unmute(long incidentId) {
        muted.remove(incidentId);
    }

    public boolean isMuted(long incidentId) {
        return muted.contains(incidentId);
    }

    /**
     * The engine recorded a timeline entry of {@code kind} on {@code incident} (already changed): notify what it
     * means for the people who are told.
     */
    public void recorded(Incident incident, TimelineKind kind, String message, Instant now, Notifying rules,
                         Consumer<Notification> out) {
        if (incident.status() == IncidentStatus.CLOSED) {
            told.remove(incident.id());
            muted.remove(incident.id());
            return;
        }
        if (rules.isEmpty()) {
            return;
        }
        Priority before = told.put(incident.id(), incident.priority());
        switch (kind) {
            case OPENED -> event(incident, NotificationEvent.OPENED, null, message, now, rules, out);
            case RESOLVED -> event(incident, NotificationEvent.RESOLVED, null, message, now, rules, out);
            case REOPENED -> event(incident, NotificationEvent.REOPENED, null, message, now, rules, out);
            case SLA_BREACHED -> event(incident, NotificationEvent.SLA_BREACHED, before, message, now, rules, out);
            default -> {
                if (before != null && incident.priority().moreUrgentThan(before) && incident.status().isOpen()) {
                    event(incident, NotificationEvent.PRIORITY_RAISED, before, message, now, rules, out);
                }
            }
        }
    }

    /**
     * Notifies {@code event} for {@code incident} now, on each of its channels that takes it; the way in for events
     * that no timeline kind above stands for (an SLA breach).
     */
    public void event(Incident incident, NotificationEvent event, String message, Instant now, Notifying rules,
                      Consumer<Notification> out) {
        event(incident, event, null, message, now, rules, out);
    }

    private void event(Incident incident, NotificationEvent event, Priority previous, String message, Instant now,
                       Notifying rules, Consumer<Notification> out) {
        if (rules.isEmpty() || muted.contains(incident.id())) {
            return;
        }
        List<String> channels = incident.routing().channels().isEmpty() ? rules.defaultChannels()
                : incident.routing().channels();
        for (String name : channels) {
            Channel c = rules.channels().get(name);
            // A channel taken out of the rules file since the incident opened still gets a row: its delivery fails
            // visibly ("not defined") instead of the notification vanishing.
            if (c != null && !c.takes(event)) {
                continue;
            }
            out.accept(new Notification(Notification.dedupKey(incident.id(), event, now, name), incident.id(), name,
                    event, now, incident.title(), incident.status().wireName(), incident.priority(), previous,
                    incident.queue(), incident.labels(), incident.routing().runbook(), message));
        }
    }
}
