package dev.sift.core.people;

import java.time.Instant;

/** A personal API token's metadata; the secret itself is stored only as a hash. */
public record ApiToken(long id, String username, String name, Instant createdAt, Instant lastUsedAt) {}
