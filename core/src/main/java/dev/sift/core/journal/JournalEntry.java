package dev.sift.core.journal;

import dev.sift.core.incident.Priority;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One significant event of an incident, for the external systems Sift keeps in step (the effect journal). Storage
 * writes it in the same transaction as the change, once per target (fan-out), and delivery workers hand it to each
 * target in the incident's order. It carries the incident as it was then, so a delivery minutes later still says
 * what happened at that moment.
 *
 * @param key the same for the same event of the same incident at the same instant: a batch written twice adds
 *     nothing (with the target's id it is the delivery's key)
 * @param actor who did it: a person, or {@code system}
 * @param message what happened, as the timeline says it
 * @param assignee the incident's assignee after the event (the actor of an acknowledgement)
 * @param snoozedUntil for {@link IncidentEvent#SNOOZED}: until when
 */
public record JournalEntry(String key, long incidentId, IncidentEvent event, Instant at, String actor, String message,
                           String title, String status, Priority priority, String queue, String assignee,
                           Instant snoozedUntil, Map<String, String> labels) {
    public JournalEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
