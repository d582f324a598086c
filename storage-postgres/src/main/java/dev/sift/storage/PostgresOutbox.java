package dev.sift.storage;

import static dev.sift.storage.Rows.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.notification.Notification;
import dev.sift.core.notification.NotificationEvent;
import dev.sift.core.port.NotificationQueries;
import dev.sift.core.query.NotificationView;
import dev.sift.core.query.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox of notifications. The single writer adds rows as part of its batch statement ({@link #write}); the
 * delivery workers claim due rows, and record each attempt's outcome together with its timeline entry. A claimed
 * row is leased (its next attempt moved to the end of the lease), so that rows of a worker that died mid-send are
 * sent again once the lease ends — delivery is at least once, and the dedup key tells receivers it is the same.
 */
public final class PostgresOutbox implements NotificationQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A claimed row: the notification, and how many attempts came before this one. */
    public record Claimed(long id, Notification notification, int attempts) {}

    public record Counts(long pending, long dead) {}

    private final Jdbi jdbi;

    public PostgresOutbox(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The batch's notifications, as one part of the batch statement; a key already there adds nothing. */
    static void write(BatchStatement h, Collection<Notification> notifications) {
        int n = notifications.size();
        if (n == 0) {
            return;
        }
        String[] keys = new String[n], channels = new String[n], events = new String[n], payloads = new String[n];
        long[] incidents = new long[n], at = new long[n];
        int k = 0;
        for (Notification x : notifications) {
            keys[k] = x.dedupKey();
            incidents[k] = x.incidentId();
            channels[k] = x.channel();
            events[k] = x.event().wireName();
            at[k] = PostgresEngineStore.microsOrNull(x.at());
            payloads[k] = payload(x);
            k++;
        }
        h.createUpdate("insert into outbox (dedup_key, incident_id, channel, event, occurred_at, payload,"
                        + " next_attempt_at)"
                        + " select v.key, v.incident, v.channel, v.event, " + PostgresEngineStore.ts("v.at") + ", "
                        + "v.payload::jsonb, " + PostgresEngineStore.ts("v.at")
                        + " from unnest(:keys, :incidents, :channels, :events, :at, :payloads) with ordinality"
                        + " as v(key, incident, channel, event, at, payload, n) order by v.n"
                        + " on conflict (dedup_key) do nothing")
                .bind("keys", keys).bind("incidents", incidents).bind("channels", channels).bind("events", events)
                .bind("at", at).bind("payloads", payloads)
                .execute();
    }

    /**
     * Claims up to {@code limit} rows due at {@code now}, leased until {@code leaseUntil}: other workers skip them
     * meanwhile (and rows locked by another claim right now), oldest first.
     */
    public List<Claimed> claim(Instant now, Instant leaseUntil, int limit) {
        return jdbi.withHandle(h -> h.createQuery("update outbox o set next_attempt_at = :lease"
                        + " from (select id from outbox where state = 'pending' and next_attempt_at <= :now"
                        + " order by next_attempt_at, id limit :limit for update skip locked) due"
                        + " where o.id = due.id returning o.*")
                .bind("now", Rows.ts(now)).bind("lease", Rows.ts(leaseUntil)).bind("limit", limit)
                .map((rs, ctx) -> claimed(rs)).list())
                .stream().sorted(Comparator.comparingLong(Claimed::id)).toList();
    }

    /** Claimed rows that will not be sent now after all (Sift is stopping): due again at {@code now}. */
    public void release(List<Claimed> rows, Instant now) {
        long[] ids = rows.stream().mapToLong(Claimed::id).toArray();
        jdbi.useHandle(h -> h.createUpdate("update outbox set next_attempt_at = :now"
                        + " where id = any(:ids) and state = 'pending'")
                .bind("now", Rows.ts(now)).bind("ids", ids).execute());
    }

    /** Sent: the row is done, and the incident's timeline says so. */
    public void delivered(Claimed row, Instant at, String timeline) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("update outbox set state = 'delivered', attempts = attempts + 1,"
                            + " last_attempt_at = :at, delivered_at = :at, last_error = null"
                            + " where id = :id and state = 'pending'")
                    .bind("id", row.id()).bind("at", Rows.ts(at)).execute();
            if (n == 1) {
                timeline(h, row, at, TimelineKind.NOTIFIED, timeline);
            }
        });
    }

    /**
     * An attempt failed: retried at {@code retryAt}, or, when that is null, dead — and then the incident's timeline
     * says so, because nobody else will.
     */
    public void failed(Claimed row, Instant at, String error, Instant retryAt, String deadTimeline) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("update outbox set attempts = attempts + 1, last_attempt_at = :at,"
                            + " last_error = :error, state = case when :dead then 'dead' else 'pending' end,"
                            + " next_attempt_at = coalesce(:retry, next_attempt_at)"
                            + " where id = :id and state = 'pending'")
                    .bind("id", row.id()).bind("at", Rows.ts(at)).bind("error", error)
                    .bind("dead", retryAt == null).bind("retry", Rows.ts(retryAt)).execute();
            if (n == 1 && retryAt == null) {
                timeline(h, row, at, TimelineKind.NOTIFICATION_FAILED, deadTimeline);
            }
        });
    }

    /** Delivered rows older than {@code before} go (what was sent long ago); dead rows stay, as open questions. */
    public int deleteDeliveredBefore(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("delete from outbox where state = 'delivered'"
                        + " and delivered_at < :before")
                .bind("before", Rows.ts(before)).execute());
    }

    public Counts counts() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) filter (where state = 'pending') as pending,"
                        + " count(*) filter (where state = 'dead') as dead from outbox where state <> 'delivered'")
                .map((rs, ctx) -> new Counts(rs.getLong("pending"), rs.getLong("dead"))).one());
    }

    @Override
    public Page<NotificationView> notifications(Long incidentId, String state, int limit, String cursor) {
        long before = Rows.cursor(cursor);
        List<NotificationView> rows = jdbi.withHandle(h -> h.createQuery("select * from outbox where id < :before"
                        + (incidentId == null ? "" : " and incident_id = :incident")
                        + (state == null ? "" : " and state = :state") + " order by id desc limit :limit")
                .bind("before", before).bind("incident", incidentId).bind("state", state).bind("limit", limit + 1)
                .map((rs, ctx) -> new NotificationView(rs.getLong("id"), rs.getLong("incident_id"),
                        rs.getString("channel"), rs.getString("event"), rs.getString("state"), rs.getInt("attempts"),
                        rs.getString("last_error"), instant(rs, "occurred_at"), instant(rs, "next_attempt_at"),
                        instant(rs, "last_attempt_at"), instant(rs, "delivered_at")))
                .list());
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<NotificationView> page = rows.subList(0, limit);
        return new Page<>(List.copyOf(page), Long.toString(page.getLast().id()));
    }

    private static void timeline(org.jdbi.v3.core.Handle h, Claimed row, Instant at, TimelineKind kind,
                                 String message) {
        // The workers write these entries themselves (an exception to ADR 4, see ADR 6): the incident exists, since
        // its row was written with it, and the engine keeps no timeline in memory.
        h.createUpdate("insert into timeline (incident_id, at, actor, kind, message) values (:incident, :at, :actor,"
                        + " :kind, :message)")
                .bind("incident", row.notification().incidentId()).bind("at", Rows.ts(at))
                .bind("actor", TimelineEntry.SYSTEM).bind("kind", kind.wireName()).bind("message", message)
                .execute();
    }

    private static String payload(Notification n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("title", n.title());
        o.put("status", n.status());
        o.put("priority", n.priority() == null ? null : n.priority().name());
        o.put("previousPriority", n.previousPriority() == null ? null : n.previousPriority().name());
        o.put("queue", n.queue());
        o.set("labels", JSON.valueToTree(new TreeMap<>(n.labels())));
        o.put("runbook", n.runbook());
        o.put("message", n.message());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification always serializes", e);
        }
    }

    private static Claimed claimed(ResultSet rs) throws SQLException {
        JsonNode p;
        try {
            p = JSON.readTree(rs.getString("payload"));
        } catch (JsonProcessingException e) {
            throw new SQLException("outbox row " + rs.getLong("id") + " has a payload that is not JSON", e);
        }
        Map<String, String> labels = new TreeMap<>();
        p.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        Notification n = new Notification(rs.getString("dedup_key"), rs.getLong("incident_id"),
                rs.getString("channel"), NotificationEvent.fromWireName(rs.getString("event")),
                instant(rs, "occurred_at"), text(p, "title"), text(p, "status"), priority(p, "priority"),
                priority(p, "previousPriority"), text(p, "queue"), labels, text(p, "runbook"), text(p, "message"));
        return new Claimed(rs.getLong("id"), n, rs.getInt("attempts"));
    }

    private static String text(JsonNode p, String field) {
        JsonNode v = p.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Priority priority(JsonNode p, String field) {
        String v = text(p, field);
        return v == null ? null : Priority.valueOf(v);
    }
}
