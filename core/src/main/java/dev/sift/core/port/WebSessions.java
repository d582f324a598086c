package dev.sift.core.port;

import dev.sift.core.people.WebSession;
import java.time.Instant;
import java.util.Optional;

/**
 * Passwords and browser sessions. Only hashes reach storage: a password as a slow hash with its salt, a session id
 * as a fast hash (it is random, so there is nothing to guess), so that a copy of the database signs nobody in.
 */
public interface WebSessions {
    /** @throws IllegalArgumentException if there is no such user */
    void setPasswordHash(String username, String passwordHash);

    /** The stored password hash, or empty when the user has none (or does not exist). */
    Optional<String> passwordHash(String username);

    void open(String sessionHash, String username, String csrfToken, Instant now, Instant expiresAt);

    /** The session if it exists and has not expired at {@code now}; its end moves to {@code newExpiry}. */
    Optional<WebSession> use(String sessionHash, Instant now, Instant newExpiry);

    void close(String sessionHash);
}
