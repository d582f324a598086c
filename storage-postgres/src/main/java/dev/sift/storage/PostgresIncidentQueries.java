package dev.sift.storage;

import static dev.sift.storage.Rows.instant;
import static dev.sift.storage.Rows.map;

import dev.sift.core.alert.AlertStatus;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.port.IncidentQueries;
import dev.sift.core.query.AlertFilter;
import dev.sift.core.query.AlertView;
import dev.sift.core.query.IncidentDetail;
import dev.sift.core.query.IncidentFilter;
import dev.sift.core.query.IncidentSummary;
import dev.sift.core.query.Page;
import dev.sift.core.query.TimelineView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads for the API: newest first, paged by id. Filters are fixed SQL fragments with bound values; user text
 * never becomes SQL.
 */
public final class PostgresIncidentQueries implements IncidentQueries {
    static final String SUMMARY = "select i.*, s.*, coalesce(a.alert_count, 0) as alert_count,"
            + " coalesce(a.event_count, 0) as event_count, a.first_seen, a.last_seen,"
            + " coalesce(a.flapping, false) as any_flapping from incidents i"
            + " left join lateral (select count(*) as alert_count, sum(count) as event_count,"
            + " min(first_seen) as first_seen, max(last_seen) as last_seen, bool_or(flapping) as flapping"
            + " from alerts where incident_id = i.id) a"
            + " on true"
            + " left join (select incident_id as sla_incident_id, policy as sla_policy, ack_due_at as sla_ack_due_at,"
            + " resolve_due_at as sla_resolve_due_at, ack_breached as sla_ack_breached,"
            + " resolve_breached as sla_resolve_breached, pauses as sla_pauses from incident_slas) s"
            + " on s.sla_incident_id = i.id";

    private final Jdbi jdbi;

    public PostgresIncidentQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Page<IncidentSummary> incidents(IncidentFilter f) {
        long before = Rows.cursor(f.afterCursor());
        var where = new ArrayList<String>();
        where.add("i.id < :before");
        if (!f.statuses().isEmpty()) where.add("i.status in (<statuses>)");
        if (!f.priorities().isEmpty()) where.add("i.priority in (<priorities>)");
        if (f.queue() != null) where.add("i.queue = :queue");
        if (f.assignee() != null) where.add("i.assignee = :assignee");
        if (f.text() != null) where.add("i.title ilike :text escape '!'");
        String sql = SUMMARY + " where " + String.join(" and ", where) + " order by i.id desc limit :limit";
        List<IncidentSummary> rows = jdbi.withHandle(h -> {
            Query q = h.createQuery(sql).bind("before", before).bind("limit", f.limit() + 1);
            if (!f.statuses().isEmpty()) q.bindList("statuses", f.statuses().stream().map(IncidentStatus::wireName).toList());
            if (!f.priorities().isEmpty()) q.bindList("priorities", f.priorities().stream().map(Priority::name).toList());
            if (f.queue() != null) q.bind("queue", f.queue());
            if (f.assignee() != null) q.bind("assignee", f.assignee());
            if (f.text() != null) q.bind("text", "%" + likeEscape(f.text()) + "%");
            return q.map((rs, ctx) -> summary(rs)).list();
        });
        return page(rows, f.limit(), IncidentSummary::id);
    }

    @Override
    public Optional<IncidentDetail> incident(long id) {
        return jdbi.withHandle(h -> h.createQuery(SUMMARY + " where i.id = :id").bind("id", id)
                .map((rs, ctx) -> java.util.Map.entry(summary(rs), rs.getLong("merged_into"))).findOne()
                .map(row -> new IncidentDetail(row.getKey(),
                        h.createQuery("select * from alerts where incident_id = :id order by id").bind("id", id)
                                .map((rs, ctx) -> alert(rs)).list(),
                        h.createQuery("select * from timeline where incident_id = :id order by id").bind("id", id)
                                .map((rs, ctx) -> new TimelineView(rs.getLong("id"), instant(rs, "at"),
                                        rs.getString("actor"), rs.getString("kind"), rs.getString("message"),
                                        rs.getLong("alert_id")))
                                .list(), row.getValue())));
    }

    @Override
    public Page<AlertView> alerts(AlertFilter f) {
        long before = Rows.cursor(f.afterCursor());
        var where = new ArrayList<String>();
        where.add("id < :before");
        if (f.status() != null) where.add("status = :status");
        if (f.silencedOnly()) where.add("incident_id is null and status = 'firing' and silenced_by is not null");
        if (f.pendingOnly()) {
            where.add("incident_id is null and status = 'firing' and held_by is not null and silenced_by is null");
        }
        if (f.inhibitedOnly()) where.add("inhibited_by is not null and status = 'firing'");
        if (f.text() != null) {
            where.add("(title ilike :text escape '!' or labels->>'alertname' ilike :text escape '!'"
                    + " or fingerprint = :exact)");
        }
        String sql = "select * from alerts where " + String.join(" and ", where) + " order by id desc limit :limit";
        List<AlertView> rows = jdbi.withHandle(h -> {
            Query q = h.createQuery(sql).bind("before", before).bind("limit", f.limit() + 1);
            if (f.status() != null) q.bind("status", f.status().wireName());
            if (f.text() != null) q.bind("text", "%" + likeEscape(f.text()) + "%").bind("exact", f.text());
            return q.map((rs, ctx) -> alert(rs)).list();
        });
        return page(rows, f.limit(), AlertView::id);
    }

    /** Incidents that are not closed, counted by status and priority, for the metrics endpoint. */
    public List<StatusCount> openCounts() {
        return jdbi.withHandle(h -> h.createQuery("select status, priority, count(*) as n from incidents"
                        + " where status <> 'closed' group by status, priority")
                .map((rs, ctx) -> new StatusCount(rs.getString("status"), rs.getString("priority"), rs.getLong("n")))
                .list());
    }

    public record StatusCount(String status, String priority, long count) {}

    private static <T> Page<T> page(List<T> rows, int limit, Function<T, Long> id) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), Long.toString(id.apply(items.get(limit - 1))));
    }

    static String likeEscape(String text) {
        // '!' rather than backslash as the escape character: JDBI's SQL parser reads backslashes in literals.
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    static IncidentSummary summary(ResultSet rs) throws SQLException {
        return new IncidentSummary(rs.getLong("id"), rs.getString("title"),
                IncidentStatus.fromWireName(rs.getString("status")), Priority.valueOf(rs.getString("priority")),
                rs.getBoolean("priority_overridden"), rs.getString("queue"), rs.getString("assignee"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "acknowledged_at"),
                instant(rs, "resolved_at"), instant(rs, "closed_at"), instant(rs, "snoozed_until"),
                rs.getInt("alert_count"), rs.getLong("event_count"), instant(rs, "first_seen"),
                instant(rs, "last_seen"), map(rs, "labels"), Rows.routing(rs), rs.getBoolean("any_flapping"),
                PostgresSlas.sla(rs, "sla_"));
    }

    private static AlertView alert(ResultSet rs) throws SQLException {
        return new AlertView(rs.getLong("id"), rs.getLong("incident_id"), rs.getString("source"),
                rs.getString("fingerprint"), rs.getString("upstream_fingerprint"), rs.getString("dedup_key"),
                map(rs, "labels"), map(rs, "annotations"), rs.getString("title"), rs.getString("severity"),
                AlertStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), instant(rs, "starts_at"),
                instant(rs, "first_seen"), instant(rs, "last_seen"), instant(rs, "resolved_at"),
                rs.getString("resolution"), rs.getLong("count"), rs.getInt("episode"), rs.getString("silenced_by"),
                rs.getString("silence_reason"), rs.getLong("inhibited_by"), rs.getString("inhibit_reason"),
                rs.getString("held_by"), instant(rs, "held_until"), rs.getString("hold_reason"),
                rs.getBoolean("flapping"));
    }
}
