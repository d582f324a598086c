package dev.sift.core.query;

import java.time.Instant;

/**
 * One notification of the outbox as people look at it: where it goes, what it tells, and how its delivery went.
 *
 * @param state {@code pending} (new, or failed and waiting for its next attempt), {@code delivered} or {@code dead}
 * @param lastError why the last attempt failed, or null
 */
public record NotificationView(long id, long incidentId, String channel, String event, String state, int attempts,
                               String lastError, Instant occurredAt, Instant nextAttemptAt, Instant lastAttemptAt,
                               Instant deliveredAt) {}
