package dev.sift.storage;

import static dev.sift.storage.Rows.ts;

import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.port.IncidentQueue;
import dev.sift.core.query.IncidentSummary;
import dev.sift.core.query.Page;
import dev.sift.core.query.QueueFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The queue, paged by a cursor on (priority, created_at, id) so that every page is an index range scan of
 * {@code incidents_queue}, however long the queue is. Filters are fixed SQL fragments with bound values.
 */
public final class PostgresIncidentQueue implements IncidentQueue {
    private final Jdbi jdbi;

    public PostgresIncidentQueue(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Page<IncidentSummary> queue(QueueFilter f) {
        Cursor after = Cursor.parse(f.afterCursor());
        var where = new ArrayList<String>();
        // Spelled out as in the index predicate, so that the planner can use the partial index.
        where.add(f.openOnly() ? "i.status in ('triggered', 'acknowledged', 'snoozed') and i.status in (<statuses>)"
                : "i.status in (<statuses>)");
        if (after != null) where.add("(i.priority, i.created_at, i.id) > (:ap, :ac, :aid)");
        if (!f.priorities().isEmpty()) where.add("i.priority in (<priorities>)");
        if (f.queue() != null) where.add("i.queue = :queue");
        if (f.assignee() != null) where.add("i.assignee = :assignee");
        if (f.unassigned()) where.add("i.assignee is null");
        if (f.labelKey() != null) {
            where.add("(i.labels @> jsonb_build_object(:lk, :lv) or exists (select 1 from alerts la"
                    + " where la.incident_id = i.id and la.labels @> jsonb_build_object(:lk, :lv)))");
        }
        if (f.text() != null) where.add("(i.title ilike :text escape '!' or i.id = :number)");
        String sql = PostgresIncidentQueries.SUMMARY + " where " + String.join(" and ", where)
                + " order by i.priority, i.created_at, i.id limit :limit";
        List<IncidentSummary> rows = jdbi.withHandle(h -> {
            Query q = h.createQuery(sql).bind("limit", f.limit() + 1)
                    .bindList("statuses", f.statuses().stream().map(IncidentStatus::wireName).toList());
            if (after != null) q.bind("ap", after.priority()).bind("ac", ts(after.createdAt())).bind("aid", after.id());
            if (!f.priorities().isEmpty()) q.bindList("priorities", f.priorities().stream().map(Priority::name).toList());
            if (f.queue() != null) q.bind("queue", f.queue());
            if (f.assignee() != null) q.bind("assignee", f.assignee());
            if (f.labelKey() != null) q.bind("lk", f.labelKey()).bind("lv", f.labelValue());
            if (f.text() != null) {
                q.bind("text", "%" + PostgresIncidentQueries.likeEscape(f.text()) + "%").bind("number", number(f.text()));
            }
            return q.map((rs, ctx) -> PostgresIncidentQueries.summary(rs)).list();
        });
        if (rows.size() <= f.limit()) {
            return new Page<>(rows, null);
        }
        List<IncidentSummary> items = List.copyOf(rows.subList(0, f.limit()));
        IncidentSummary last = items.getLast();
        return new Page<>(items, new Cursor(last.priority().name(), last.createdAt(), last.id()).text());
    }

    /** The text as an incident number ({@code 42} or {@code #42}), or -1 so that it matches none. */
    private static long number(String text) {
        String digits = text.strip().startsWith("#") ? text.strip().substring(1) : text.strip();
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Where a page ended: {@code P2.1763900000123456.42} (priority, created_at in microseconds, id). */
    private record Cursor(String priority, Instant createdAt, long id) {
        String text() {
            long micros = createdAt.getEpochSecond() * 1_000_000 + createdAt.getNano() / 1_000;
            return priority + "." + micros + "." + id;
        }

        static Cursor parse(String text) {
            if (text == null) {
                return null;
            }
            String[] parts = text.split("\\.");
            try {
                if (parts.length == 3 && parts[0].matches("P[1-5]")) {
                    long micros = Long.parseLong(parts[1]);
                    return new Cursor(parts[0], Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000),
                            Math.floorMod(micros, 1_000_000) * 1_000), Long.parseLong(parts[2]));
                }
            } catch (NumberFormatException ignored) {
                // same answer as a malformed cursor
            }
            throw new IllegalArgumentException("cursor '" + text + "' is not one this queue handed out");
        }
    }
}
