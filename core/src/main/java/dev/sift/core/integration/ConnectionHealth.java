package dev.sift.core.integration;

import java.time.Instant;

/**
 * How Sift's connection to a source that it subscribes to (Icinga2) is doing, as the integrations list shows it.
 *
 * @param connected the event stream is open now
 * @param since when it was last opened (connected) or lost (not connected); null before the first attempt ended
 * @param lastEventAt when the last event arrived; null if none yet since Sift started
 * @param lastReconciledAt when Sift last compared its alerts with the source's current problems
 * @param lastError the last failure, for people (such as "HTTP 401 from https://…/v1/events: check username and
 *     password"); null if none since Sift started
 */
public record ConnectionHealth(boolean connected, Instant since, Instant lastEventAt, Instant lastReconciledAt,
                               String lastError, Instant lastErrorAt) {}
