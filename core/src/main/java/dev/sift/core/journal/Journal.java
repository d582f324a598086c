package dev.sift.core.journal;

import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineKind;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decides, as the engine records what happened to an incident, what external systems must hear of it: one
 * {@link JournalEntry} per significant event (see {@link IncidentEvent}). Which systems those are is not the
 * engine's business: storage fans the entry out to every target configured at that moment, and the delivery side
 * decides per target (its policy) whether the entry creates, comments, resolves or is ignored.
 *
 * <p>It remembers the priority last journaled per open incident, so that a change of priority is journaled once
 * whatever caused it. Engine state: one writer thread, no locking.
 */
public final class Journal {
    private final Map<Long, Priority> journaled = new HashMap<>();

    /** After a restart: what open incidents are at now is what was journaled (storage holds the rest). */
    public void restore(Collection<Incident> incidents) {
        journaled.clear();
        for (Incident i : incidents) {
            if (i.status() != IncidentStatus.CLOSED) {
                journaled.put(i.id(), i.priority());
            }
        }
    }

    /**
     * The engine recorded a timeline entry of {@code kind} on {@code incident} (already changed).
     *
     * @param alertId the alert the entry is about, or 0: part of the key, so that two alerts joining at one
     *     instant are two entries
     */
    public void recorded(Incident incident, TimelineKind kind, String actor, String message, long alertId,
                         Instant now, Consumer<JournalEntry> out) {
        Priority before = incident.status() == IncidentStatus.CLOSED ? journaled.remove(incident.id())
                : journaled.put(incident.id(), incident.priority());
        IncidentEvent event = IncidentEvent.of(kind);
        if (event != null) {
            out.accept(entry(incident, event, actor, message, alertId, now));
        }
        if (before != null && before != incident.priority() && event != IncidentEvent.OPENED) {
            out.accept(entry(incident, IncidentEvent.PRIORITY_CHANGED, actor,
                    "priority " + before + " → " + incident.priority() + ": " + message, alertId, now));
        }
    }

    private static JournalEntry entry(Incident incident, IncidentEvent event, String actor, String message,
                                      long alertId, Instant now) {
        String key = incident.id() + "-" + event.wireName() + "-" + now.getEpochSecond() + "." + now.getNano() + "-"
                + alertId + (event == IncidentEvent.COMMENTED ? "-" + Integer.toHexString(message.hashCode()) : "");
        return new JournalEntry(key, incident.id(), event, now, actor, message, incident.title(),
                incident.status().wireName(), incident.priority(), incident.queue(), incident.assignee(),
                event == IncidentEvent.SNOOZED ? incident.snoozedUntil() : null, incident.labels());
    }
}
