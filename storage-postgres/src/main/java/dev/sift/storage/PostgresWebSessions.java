package dev.sift.storage;

import static dev.sift.storage.Rows.instant;
import static dev.sift.storage.Rows.ts;

import dev.sift.core.people.Role;
import dev.sift.core.people.User;
import dev.sift.core.people.WebSession;
import dev.sift.core.port.WebSessions;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Password hashes and browser sessions in PostgreSQL. Expired sessions are deleted as they are met. */
public final class PostgresWebSessions implements WebSessions {
    private final Jdbi jdbi;

    public PostgresWebSessions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void setPasswordHash(String username, String passwordHash) {
        int updated = jdbi.withHandle(h -> h.createUpdate("update users set password_hash = :p where username = :u")
                .bind("p", passwordHash).bind("u", username).execute());
        if (updated == 0) {
            throw new IllegalArgumentException("no user named '" + username + "'");
        }
    }

    @Override
    public Optional<String> passwordHash(String username) {
        return jdbi.withHandle(h -> h.createQuery("select password_hash from users where username = :u")
                .bind("u", username).mapTo(String.class).findOne().filter(p -> p != null));
    }

    @Override
    public void open(String sessionHash, String username, String csrfToken, Instant now, Instant expiresAt) {
        jdbi.useTransaction(h -> {
            // Housekeeping rides along with sign-ins: old sessions go, without a timer of their own.
            h.createUpdate("delete from web_sessions where expires_at <= :now").bind("now", ts(now)).execute();
            h.createUpdate("insert into web_sessions (session_hash, user_id, csrf_token, created_at, expires_at)"
                            + " select :s, id, :c, :now, :exp from users where username = :u")
                    .bind("s", sessionHash).bind("c", csrfToken).bind("now", ts(now)).bind("exp", ts(expiresAt))
                    .bind("u", username).execute();
        });
    }

    @Override
    public Optional<WebSession> use(String sessionHash, Instant now, Instant newExpiry) {
        return jdbi.withHandle(h -> {
            Optional<WebSession> found = h.createQuery("select u.id, u.username, u.role, u.created_at,"
                            + " s.csrf_token, s.expires_at from web_sessions s join users u on u.id = s.user_id"
                            + " where s.session_hash = :s and s.expires_at > :now")
                    .bind("s", sessionHash).bind("now", ts(now))
                    .map((rs, ctx) -> new WebSession(new User(rs.getLong("id"), rs.getString("username"),
                            Role.fromWireName(rs.getString("role")), instant(rs, "created_at")),
                            rs.getString("csrf_token"), instant(rs, "expires_at")))
                    .findOne();
            // Sliding expiry, written at most once a minute per session: a page view is not worth a write each.
            found.ifPresent(s -> h.createUpdate("update web_sessions set expires_at = :exp where session_hash = :s"
                            + " and expires_at < :exp - interval '1 minute'")
                    .bind("exp", ts(newExpiry)).bind("s", sessionHash).execute());
            return found;
        });
    }

    @Override
    public void close(String sessionHash) {
        jdbi.useHandle(h -> h.createUpdate("delete from web_sessions where session_hash = :s")
                .bind("s", sessionHash).execute());
    }
}
