package dev.sift.core.people;

import java.time.Instant;

/** A named person (or a named robot account); the actor of everything done with their tokens. */
public record User(long id, String username, Role role, Instant createdAt) {}
