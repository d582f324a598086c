package dev.sift.storage;

import static dev.sift.storage.Rows.instant;

import dev.sift.core.matching.Matcher;
import dev.sift.core.port.SilenceQueries;
import dev.sift.core.silence.Silence;
import dev.sift.core.silence.SilenceState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The silences created through the API: written by the single writer with the rest of a batch, read by the API.
 * Matchers are kept in Alertmanager's syntax and parsed back.
 */
public final class PostgresSilences implements SilenceQueries {
    private final Jdbi jdbi;

    public PostgresSilences(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Silence> silences(SilenceState state, Instant now, int limit) {
        String where = state == null ? "true" : switch (state) {
            case PENDING -> "starts_at > :now";
            case ACTIVE -> "starts_at <= :now and ends_at > :now";
            case EXPIRED -> "ends_at <= :now";
        };
        return jdbi.withHandle(h -> h.createQuery("select * from silences where " + where
                        + " order by id desc limit :limit")
                .bind("now", Rows.ts(now)).bind("limit", limit)
                .map((rs, ctx) -> silence(rs)).list());
    }

    @Override
    public Optional<Silence> silence(long id) {
        return jdbi.withHandle(h -> h.createQuery("select * from silences where id = :id").bind("id", id)
                .map((rs, ctx) -> silence(rs)).findOne());
    }

    /** Created and expired silences of one batch, as parts of the batch's statement (one row each, by id). */
    static void write(BatchStatement h, Collection<Silence> silences) {
        for (Silence s : silences) {
            h.createUpdate("insert into silences (id, matchers, starts_at, ends_at, created_by, comment, created_at)"
                            + " values (:id, :matchers::jsonb, :starts, :ends, :by, :comment, :created)"
                            + " on conflict (id) do update set starts_at = excluded.starts_at,"
                            + " ends_at = excluded.ends_at")
                    .bind("id", s.id()).bind("matchers", Rows.json(s.matchers().stream().map(Matcher::toString).toList()))
                    .bind("starts", Rows.ts(s.startsAt())).bind("ends", Rows.ts(s.endsAt()))
                    .bind("by", s.createdBy()).bind("comment", s.comment()).bind("created", Rows.ts(s.createdAt()))
                    .execute();
        }
    }

    static Silence silence(ResultSet rs) throws SQLException {
        List<Matcher> matchers = new ArrayList<>();
        for (String m : Rows.list(rs, "matchers")) {
            matchers.addAll(Matcher.parse(m));
        }
        return new Silence(rs.getLong("id"), null, matchers, instant(rs, "starts_at"), instant(rs, "ends_at"),
                rs.getString("created_by"), rs.getString("comment"), instant(rs, "created_at"));
    }
}
