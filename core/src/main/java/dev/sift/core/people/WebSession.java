package dev.sift.core.people;

import java.time.Instant;

/**
 * A signed-in browser: whose it is, the token its forms must carry (a synchroniser token, so another site cannot post
 * on its behalf), and when it ends unless used again.
 */
public record WebSession(User user, String csrfToken, Instant expiresAt) {}
