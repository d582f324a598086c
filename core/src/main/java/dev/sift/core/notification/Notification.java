package dev.sift.core.notification;

import dev.sift.core.incident.Priority;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An effect of the engine: "tell channel X that E happened to incident N". Storage writes it to the outbox in the
 * same transaction as the change that caused it; delivery workers send it later, with retries. It carries what the
 * incident looked like at that moment, so that a message sent minutes later still says what happened then.
 *
 * @param dedupKey the same for the same event of the same incident on the same channel at the same instant: a
 *     batch written twice adds no second row, and receivers can use it to drop a re-delivery (delivery is at least
 *     once: a crash between sending and recording it sends again)
 * @param previousPriority for {@link NotificationEvent#PRIORITY_RAISED}, what people were told before; else null
 * @param message what happened, as the timeline says it
 */
public record Notification(String dedupKey, long incidentId, String channel, NotificationEvent event, Instant at,
                           String title, String status, Priority priority, Priority previousPriority, String queue,
                           Map<String, String> labels, String runbook, String message) {
    public Notification {
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static String dedupKey(long incidentId, NotificationEvent event, Instant at, String channel) {
        return "sift-" + incidentId + "-" + event.wireName() + "-" + at.toEpochMilli() + "-" + channel;
    }
}
