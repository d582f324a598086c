package dev.sift.storage;

import static dev.sift.storage.Rows.instant;

import dev.sift.core.people.ApiToken;
import dev.sift.core.people.Role;
import dev.sift.core.people.User;
import dev.sift.core.port.People;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Users and token hashes in PostgreSQL. */
public final class PostgresPeople implements People {
    private final Jdbi jdbi;

    public PostgresPeople(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public User createUser(String username, Role role) {
        try {
            return jdbi.withHandle(h -> h.createQuery("insert into users (username, role) values (:u, :r)"
                            + " returning id, username, role, created_at")
                    .bind("u", username).bind("r", role.wireName()).map((rs, ctx) -> user(rs)).one());
        } catch (UnableToExecuteStatementException e) {
            throw Conflicts.translate(e, "a user named '" + username + "' already exists");
        }
    }

    @Override
    public Optional<User> findUser(String username) {
        return jdbi.withHandle(h -> h.createQuery("select * from users where username = :u").bind("u", username)
                .map((rs, ctx) -> user(rs)).findOne());
    }

    @Override
    public List<User> users() {
        return jdbi.withHandle(h -> h.createQuery("select * from users order by username")
                .map((rs, ctx) -> user(rs)).list());
    }

    @Override
    public boolean anyUser() {
        return jdbi.withHandle(h -> h.createQuery("select exists (select 1 from users)").mapTo(Boolean.class).one());
    }

    @Override
    public ApiToken addToken(String username, String tokenName, String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery("insert into api_tokens (user_id, name, token_hash)"
                        + " select id, :n, :h from users where username = :u returning id, name, created_at")
                .bind("u", username).bind("n", tokenName).bind("h", tokenHash)
                .map((rs, ctx) -> new ApiToken(rs.getLong("id"), username, rs.getString("name"),
                        instant(rs, "created_at"), null))
                .findOne()
                .orElseThrow(() -> new IllegalArgumentException("no user named '" + username + "'")));
    }

    @Override
    public List<ApiToken> tokens(String username) {
        return jdbi.withHandle(h -> h.createQuery("select t.id, t.name, t.created_at, t.last_used_at from api_tokens t"
                        + " join users u on u.id = t.user_id where u.username = :u order by t.id")
                .bind("u", username)
                .map((rs, ctx) -> new ApiToken(rs.getLong("id"), username, rs.getString("name"),
                        instant(rs, "created_at"), instant(rs, "last_used_at")))
                .list());
    }

    @Override
    public Optional<User> findByTokenHash(String tokenHash) {
        // Recording the last use costs a write per request, so it is coarse: at most once a minute per token.
        return jdbi.withHandle(h -> {
            Optional<User> user = h.createQuery("select u.* from api_tokens t join users u on u.id = t.user_id"
                            + " where t.token_hash = :h").bind("h", tokenHash)
                    .map((rs, ctx) -> user(rs)).findOne();
            user.ifPresent(u -> h.createUpdate("update api_tokens set last_used_at = now() where token_hash = :h"
                            + " and (last_used_at is null or last_used_at < now() - interval '1 minute')")
                    .bind("h", tokenHash).execute());
            return user;
        });
    }

    private static User user(ResultSet rs) throws SQLException {
        Instant created = instant(rs, "created_at");
        return new User(rs.getLong("id"), rs.getString("username"), Role.fromWireName(rs.getString("role")), created);
    }
}
