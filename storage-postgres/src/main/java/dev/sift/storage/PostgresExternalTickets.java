package dev.sift.storage;

import static dev.sift.storage.Rows.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The durable incident ↔ external ticket mapping. A row is written in state {@code creating} before a ticket is
 * created, so that whoever finds it so (a retry after a crash or a lost answer) searches the ticket system for the
 * marked ticket instead of creating a second one.
 */
public final class PostgresExternalTickets {

    /**
     * @param ticketId null while creating
     * @param syncState creating, synced, failing (the last call failed: see lastError) or gone (deleted elsewhere)
     */
    public record Mapping(long incidentId, long targetId, String ticketId, String url, String status, String owner,
                          String syncState, String lastError, Instant syncedAt, Instant createdAt) {}

    private final Jdbi jdbi;

    public PostgresExternalTickets(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<Mapping> find(long incidentId, long targetId) {
        return jdbi.withHandle(h -> h.createQuery("select * from external_tickets where incident_id = :i"
                        + " and target_id = :t")
                .bind("i", incidentId).bind("t", targetId).map((rs, ctx) -> mapping(rs)).findOne());
    }

    /** Before creating: the mapping exists from now on (in state creating); nothing happens if it already does. */
    public void creating(long incidentId, long targetId, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("insert into external_tickets (incident_id, target_id, created_at)"
                        + " values (:i, :t, :at) on conflict do nothing")
                .bind("i", incidentId).bind("t", targetId).bind("at", Rows.ts(at)).execute());
    }

    /** The ticket is known (created, found by its marker, or followed to where it was merged). */
    public void ticket(long incidentId, long targetId, String ticketId, String url, String status, String owner,
                       Instant at) {
        jdbi.useHandle(h -> h.createUpdate("update external_tickets set ticket_id = :ticket, url = :url,"
                        + " status = :status, owner = :owner, sync_state = 'synced', last_error = null,"
                        + " synced_at = :at where incident_id = :i and target_id = :t")
                .bind("i", incidentId).bind("t", targetId).bind("ticket", ticketId).bind("url", url)
                .bind("status", status).bind("owner", owner).bind("at", Rows.ts(at)).execute());
    }

    /** What the ticket looks like now. */
    public void synced(long incidentId, long targetId, String status, String owner, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("update external_tickets set status = :status, owner = :owner,"
                        + " sync_state = 'synced', last_error = null, synced_at = :at"
                        + " where incident_id = :i and target_id = :t")
                .bind("i", incidentId).bind("t", targetId).bind("status", status).bind("owner", owner)
                .bind("at", Rows.ts(at)).execute());
    }

    /** The last call about this ticket failed (and will be retried): the incident shows it. */
    public void failing(long incidentId, long targetId, String error) {
        jdbi.useHandle(h -> h.createUpdate("update external_tickets set sync_state = case when ticket_id is null"
                        + " then 'creating' else 'failing' end, last_error = :error"
                        + " where incident_id = :i and target_id = :t")
                .bind("i", incidentId).bind("t", targetId).bind("error", error).execute());
    }

    /** The ticket was deleted elsewhere: the mapping says so and is not watched any more. */
    public void gone(long incidentId, long targetId, String why, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("update external_tickets set sync_state = 'gone', last_error = :why,"
                        + " synced_at = :at where incident_id = :i and target_id = :t")
                .bind("i", incidentId).bind("t", targetId).bind("why", why).bind("at", Rows.ts(at)).execute());
    }

    public List<Mapping> ofIncident(long incidentId) {
        return jdbi.withHandle(h -> h.createQuery("select * from external_tickets where incident_id = :i"
                        + " order by target_id")
                .bind("i", incidentId).map((rs, ctx) -> mapping(rs)).list());
    }

    /** The tickets of a target that the watcher follows (known, not gone). */
    public List<Mapping> watched(long targetId) {
        return jdbi.withHandle(h -> h.createQuery("select * from external_tickets where target_id = :t"
                        + " and ticket_id is not null and sync_state <> 'gone' order by incident_id")
                .bind("t", targetId).map((rs, ctx) -> mapping(rs)).list());
    }

    private static Mapping mapping(ResultSet rs) throws SQLException {
        return new Mapping(rs.getLong("incident_id"), rs.getLong("target_id"), rs.getString("ticket_id"),
                rs.getString("url"), rs.getString("status"), rs.getString("owner"), rs.getString("sync_state"),
                rs.getString("last_error"), instant(rs, "synced_at"), instant(rs, "created_at"));
    }
}
