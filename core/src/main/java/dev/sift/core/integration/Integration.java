package dev.sift.core.integration;

import java.time.Duration;
import java.time.Instant;

/**
 * A configured source: its key is stored only as a hash.
 *
 * @param heartbeatInterval for a heartbeat: how often it must ping; null for other kinds
 * @param heartbeatGrace for a heartbeat: how late a ping may be before the pipeline counts as silent
 */
public record Integration(long id, String name, IntegrationKind kind, Instant createdAt, String createdBy,
                          Duration heartbeatInterval, Duration heartbeatGrace) {
    public Integration(long id, String name, IntegrationKind kind, Instant createdAt, String createdBy) {
        this(id, name, kind, createdAt, createdBy, null, null);
    }

    /** The actor name for things this integration does, such as a source acknowledge. */
    public String actor() {
        return "integration:" + name;
    }
}
