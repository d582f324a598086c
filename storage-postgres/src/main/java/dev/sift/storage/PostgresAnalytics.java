package dev.sift.storage;

import static dev.sift.storage.Rows.instant;

import dev.sift.core.analytics.AnalyticsFilter;
import dev.sift.core.analytics.FlappingAlert;
import dev.sift.core.analytics.FunnelDay;
import dev.sift.core.analytics.NoisyAlertType;
import dev.sift.core.analytics.ResponseTimes;
import dev.sift.core.analytics.SlaCompliance;
import dev.sift.core.analytics.TransientOutcome;
import dev.sift.core.incident.Priority;
import dev.sift.core.port.AnalyticsQueries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Toil analytics straight from the tables the writer keeps (docs/analytics.md defines each number). Every query
 * is bounded by the period through an index on the time it is counted by (V15), and narrowed by the incident's
 * queue and priority when asked; parameters are always bound.
 */
public final class PostgresAnalytics implements AnalyticsQueries {
    /** The kind of an alert: its alertname, else an event's class, else its title. */
    static final String KIND = "coalesce(a.labels->>'alertname', a.labels->>'class', a.title)";
    /** The incident narrowing, on an incident aliased {@code i} (a left join leaves it null: then it fails). */
    private static final String NARROW = " and (cast(:queue as text) is null or i.queue = :queue)"
            + " and (cast(:priority as text) is null or i.priority = :priority)";

    /**
     * An alert flapped in the period: it is flagged now, or its incident's timeline says in the period that it
     * started or stopped flapping (the flag alone forgets it once the alert is quiet again).
     */
    static final String FLAPPED = "(a.flapping or exists (select 1 from timeline t where t.kind = 'flapping'"
            + " and t.alert_id = a.id and t.at >= :from and t.at < :to))";

    private final Jdbi jdbi;

    public PostgresAnalytics(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One day's numbers of one funnel query, in the order of its columns after {@code day}. */
    private record DayCounts(LocalDate day, long[] n) {}

    @Override
    public List<FunnelDay> funnel(AnalyticsFilter f) {
        // One snapshot for the four counts, so that a day's steps agree with each other while the writer goes on.
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            Map<LocalDate, long[]> days = new TreeMap<>();
            for (LocalDate d = day(f.from()); d.isBefore(day(f.to().minusNanos(1)).plusDays(1)); d = d.plusDays(1)) {
                days.put(d, new long[8]);
            }
            if (!f.narrowed()) { // signals have no queue or priority yet: only the whole funnel has them
                // Counted per hour: the hours that the period's ends fall into count whole.
                add(days, 0, counts(h, f, "select (hour at time zone 'UTC')::date as day, sum(signals) as n"
                        + " from signal_counts where hour >= date_trunc('hour', cast(:from as timestamptz)"
                        + " at time zone 'UTC') at time zone 'UTC' and hour < :to group by 1"));
            }
            add(days, 1, counts(h, f, "select (a.first_seen at time zone 'UTC')::date as day, count(*) as n,"
                    + " count(*) filter (where a.held_by is not null) as held,"
                    + " count(*) filter (where a.resolution = 'auto-cleared') as cleared,"
                    + " count(*) filter (where a.silenced_by is not null) as silenced,"
                    + " count(*) filter (where a.inhibited_by is not null) as inhibited"
                    + " from alerts a left join incidents i on i.id = a.incident_id"
                    + " where a.first_seen >= :from and a.first_seen < :to"
                    + (f.narrowed() ? NARROW : "") + " group by 1"), 4);
            add(days, 2, counts(h, f, "select (i.created_at at time zone 'UTC')::date as day, count(*) as n"
                    + " from incidents i where i.created_at >= :from and i.created_at < :to" + NARROW
                    + " group by 1"));
            add(days, 3, counts(h, f, "select (o.occurred_at at time zone 'UTC')::date as day, count(*) as n"
                    + " from outbox o" + (f.narrowed() ? " join incidents i on i.id = o.incident_id" : "")
                    + " where o.occurred_at >= :from and o.occurred_at < :to" + (f.narrowed() ? NARROW : "")
                    + " group by 1"));
            List<FunnelDay> out = new ArrayList<>(days.size());
            days.forEach((d, n) -> out.add(new FunnelDay(d, f.narrowed() ? null : n[0], n[1], n[2], n[3], n[4], n[5],
                    n[6], n[7])));
            return out;
        });
    }

    /** Rows of {@code day} and counts; every column after {@code day} is a count. */
    private static List<DayCounts> counts(Handle h, AnalyticsFilter f, String sql) {
        return query(h, f, sql).map((rs, ctx) -> {
            long[] n = new long[rs.getMetaData().getColumnCount() - 1];
            for (int i = 0; i < n.length; i++) {
                n[i] = rs.getLong(i + 2);
            }
            return new DayCounts(rs.getObject("day", LocalDate.class), n);
        }).list();
    }

    /**
     * Adds each day's first count at {@code column} of its funnel day, and the rest from {@code more} on (the
     * alerts' breakdown: held, auto-cleared, silenced, inhibited).
     */
    private static void add(Map<LocalDate, long[]> days, int column, List<DayCounts> counts, int more) {
        for (DayCounts c : counts) {
            long[] row = days.get(c.day());
            if (row == null) {
                continue; // a day outside the period cannot come back, but a row is no place to fail
            }
            row[column] += c.n()[0];
            for (int i = 1; i < c.n().length; i++) {
                row[more + i - 1] += c.n()[i];
            }
        }
    }

    private static void add(Map<LocalDate, long[]> days, int column, List<DayCounts> counts) {
        add(days, column, counts, 0);
    }

    @Override
    public List<NoisyAlertType> noisiest(AnalyticsFilter f, boolean byIncidents, int limit) {
        String order = byIncidents ? "incidents desc, signals desc" : "signals desc, incidents desc";
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            // Per kind and incident first (a hash aggregate), then per kind: counting the incidents needs no sort
            // of every alert, as count(distinct) would.
            List<NoisyAlertType> top = query(h, f, "select kind, sum(signals) as signals, sum(alerts) as alerts,"
                    + " count(incident_id) as incidents, sum(flapping) as flapping, sum(cleared) as cleared,"
                    + " min(first_seen) as first_seen, max(last_seen) as last_seen from ("
                    + "select " + KIND + " as kind, a.incident_id, sum(a.count) as signals, count(*) as alerts,"
                    + " count(*) filter (where " + FLAPPED + ") as flapping,"
                    + " count(*) filter (where a.resolution = 'auto-cleared') as cleared,"
                    + " min(a.first_seen) as first_seen, max(a.last_seen) as last_seen"
                    + " from alerts a left join incidents i on i.id = a.incident_id"
                    + " where a.last_seen >= :from and a.first_seen < :to" + (f.narrowed() ? NARROW : "")
                    + " group by 1, 2) x group by kind order by " + order + ", kind limit :limit")
                    .bind("limit", limit)
                    .map((rs, ctx) -> new NoisyAlertType(rs.getString("kind"), rs.getLong("signals"),
                            rs.getLong("alerts"), rs.getLong("incidents"), rs.getLong("flapping"),
                            rs.getLong("cleared"), instant(rs, "first_seen"), instant(rs, "last_seen"), List.of()))
                    .list();
            if (top.isEmpty()) {
                return top;
            }
            Map<String, List<String>> matchers = sharedLabels(h, f, top.stream().map(NoisyAlertType::kind).toList());
            return top.stream().map(t -> t.withMatchers(matchers.getOrDefault(t.kind(), List.of()))).toList();
        });
    }

    /**
     * Per kind, the labels with one value on every one of its alerts (of the same selection as the ranking), as
     * Alertmanager matchers: alertname first, then by name.
     */
    private static Map<String, List<String>> sharedLabels(Handle h, AnalyticsFilter f, List<String> kinds) {
        Map<String, TreeMap<String, String>> shared = new HashMap<>();
        query(h, f, "with a as (select " + KIND + " as kind, a.labels"
                + " from alerts a left join incidents i on i.id = a.incident_id"
                + " where a.last_seen >= :from and a.first_seen < :to" + (f.narrowed() ? NARROW : "")
                + " and " + KIND + " = any(:kinds)),"
                + " n as (select kind, count(*) as n from a group by kind)"
                + " select a.kind, l.key, min(l.value) as value"
                + " from a join n on n.kind = a.kind cross join lateral jsonb_each_text(a.labels) as l(key, value)"
                + " group by a.kind, l.key, n.n having count(*) = n.n and min(l.value) = max(l.value)")
                .bind("kinds", kinds.toArray(String[]::new))
                .map((rs, ctx) -> shared.computeIfAbsent(rs.getString("kind"), k -> new TreeMap<>())
                        .put(rs.getString("key"), rs.getString("value")))
                .list();
        Map<String, List<String>> out = new HashMap<>();
        shared.forEach((kind, labels) -> {
            List<String> m = new ArrayList<>();
            String alertname = labels.remove("alertname");
            if (alertname != null) {
                m.add(matcher("alertname", alertname));
            }
            labels.forEach((k, v) -> m.add(matcher(k, v)));
            out.put(kind, m);
        });
        return out;
    }

    /** {@code name="value"} with the value quoted as Alertmanager's matcher syntax reads it. */
    static String matcher(String name, String value) {
        return name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public List<FlappingAlert> flapping(AnalyticsFilter f, int limit) {
        return jdbi.withHandle(h -> query(h, f, "select a.id, " + KIND + " as kind, a.labels, a.incident_id,"
                + " a.episode, a.count, a.status, a.flapping, a.last_seen"
                + " from alerts a left join incidents i on i.id = a.incident_id"
                + " where a.last_seen >= :from and a.first_seen < :to and " + FLAPPED + (f.narrowed() ? NARROW : "")
                + " order by a.episode desc, a.count desc, a.id limit :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new FlappingAlert(rs.getLong("id"), rs.getString("kind"), Rows.map(rs, "labels"),
                        (Long) rs.getObject("incident_id", Long.class), rs.getInt("episode"), rs.getLong("count"),
                        rs.getString("status"), rs.getBoolean("flapping"), instant(rs, "last_seen")))
                .list());
    }

    @Override
    public List<TransientOutcome> transients(AnalyticsFilter f) {
        return jdbi.withHandle(h -> query(h, f, "select a.held_by as rule, count(*) as held,"
                + " count(*) filter (where a.resolution = 'auto-cleared') as cleared,"
                + " count(*) filter (where a.incident_id is not null) as through,"
                + " count(*) filter (where a.incident_id is null and a.status = 'firing'"
                + " and a.silenced_by is null) as pending"
                + " from alerts a where a.held_by is not null and a.first_seen >= :from and a.first_seen < :to"
                + " group by 1 order by cleared desc, held desc, rule")
                .map((rs, ctx) -> new TransientOutcome(rs.getString("rule"), rs.getLong("held"),
                        rs.getLong("cleared"), rs.getLong("through"), rs.getLong("pending")))
                .list());
    }

    @Override
    public List<ResponseTimes> responseTimes(AnalyticsFilter f) {
        // Merged incidents are closed by the merge, not by anyone's work: they are left out.
        String times = "select i.queue, i.priority,"
                + " extract(epoch from i.acknowledged_at - i.created_at) as tta,"
                + " case when i.status in ('resolved', 'closed') and coalesce(i.resolved_at, i.closed_at) is not null"
                + " then extract(epoch from coalesce(i.resolved_at, i.closed_at) - i.created_at) end as ttr,"
                + " i.human_involved"
                + " from incidents i where i.created_at >= :from and i.created_at < :to" + NARROW
                + " and not exists (select 1 from timeline t where t.incident_id = i.id and t.kind = 'merged')";
        return jdbi.withHandle(h -> query(h, f, "select queue, priority, grouping(queue, priority) as total,"
                + " count(*) as incidents, count(tta) as acked, avg(tta) as tta_mean,"
                + " percentile_cont(0.5) within group (order by tta) as tta_median,"
                + " percentile_cont(0.9) within group (order by tta) as tta_p90,"
                + " count(ttr) as resolved, count(ttr) filter (where not human_involved) as untouched,"
                + " avg(ttr) as ttr_mean, percentile_cont(0.5) within group (order by ttr) as ttr_median,"
                + " percentile_cont(0.9) within group (order by ttr) as ttr_p90"
                + " from (" + times + ") x group by grouping sets ((queue, priority), ())"
                + " order by total, queue, priority")
                .map((rs, ctx) -> {
                    boolean total = rs.getInt("total") != 0;
                    return new ResponseTimes(total ? null : rs.getString("queue"),
                            total ? null : Priority.fromWireName(rs.getString("priority")), rs.getLong("incidents"),
                            rs.getLong("acked"), seconds(rs, "tta_mean"), seconds(rs, "tta_median"),
                            seconds(rs, "tta_p90"), rs.getLong("resolved"), rs.getLong("untouched"),
                            seconds(rs, "ttr_mean"), seconds(rs, "ttr_median"), seconds(rs, "ttr_p90"));
                })
                .list());
    }

    @Override
    public List<SlaCompliance> slaCompliance(AnalyticsFilter f) {
        return jdbi.withHandle(h -> query(h, f, "select s.policy, i.queue,"
                + " grouping(s.policy, i.queue) as total, count(*) as incidents,"
                + " count(*) filter (where s.ack_breached) as ack, count(*) filter (where s.resolve_breached) as res,"
                + " count(*) filter (where s.ack_breached or s.resolve_breached) as breached"
                + " from incident_slas s join incidents i on i.id = s.incident_id"
                + " where i.created_at >= :from and i.created_at < :to" + NARROW
                + " group by grouping sets ((s.policy, i.queue), ()) order by total, s.policy, i.queue")
                .map((rs, ctx) -> {
                    boolean total = rs.getInt("total") != 0;
                    return new SlaCompliance(total ? null : rs.getString("policy"),
                            total ? null : rs.getString("queue"), rs.getLong("incidents"), rs.getLong("ack"),
                            rs.getLong("res"), rs.getLong("breached"));
                })
                .list());
    }

    @Override
    public List<Instant> openedAt(AnalyticsFilter f) {
        return jdbi.withHandle(h -> query(h, f, "select i.created_at from incidents i"
                + " where i.created_at >= :from and i.created_at < :to" + NARROW + " order by i.created_at")
                .map((rs, ctx) -> instant(rs, "created_at")).list());
    }

    /** Binds the period, and the queue and priority when the query's SQL narrows by them. */
    private static Query bind(Query q, AnalyticsFilter f, String sql) {
        q.bind("from", Rows.ts(f.from())).bind("to", Rows.ts(f.to()));
        if (sql.contains(":queue")) {
            q.bind("queue", f.queue()).bind("priority", f.priority() == null ? null : f.priority().name());
        }
        return q;
    }

    private static Query query(Handle h, AnalyticsFilter f, String sql) {
        return bind(h.createQuery(sql), f, sql);
    }

    private static LocalDate day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** Seconds, to the millisecond. */
    private static Double seconds(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : Math.round(v * 1000) / 1000.0;
    }
}
