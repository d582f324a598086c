package dev.sift.core.integration;

import java.time.Instant;

/** A configured source: its key is stored only as a hash. */
public record Integration(long id, String name, IntegrationKind kind, Instant createdAt, String createdBy) {
    /** The actor name for things this integration does, such as a source acknowledge. */
    public String actor() {
        return "integration:" + name;
    }
}
