package dev.sift.storage;

import static dev.sift.storage.Rows.instant;
import static dev.sift.storage.Rows.json;
import static dev.sift.storage.Rows.map;
import static dev.sift.storage.Rows.ts;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.alert.Source;
import dev.sift.core.engine.Changes;
import dev.sift.core.engine.EngineState;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.signal.RawSignal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Where the engine's working set lives between runs: it writes each batch of {@link Changes} in one
 * transaction and loads the working set back at start. Used by the single writer only.
 */
public final class PostgresEngineStore {
    private static final String INCIDENT_COLUMNS = "id, title, status, priority, priority_overridden, queue, assignee,"
            + " human_involved, created_at, updated_at, acknowledged_at, resolved_at, closed_at, snoozed_until, labels";

    private final Jdbi jdbi;

    public PostgresEngineStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public EngineState load() {
        return jdbi.inTransaction(h -> {
            List<Incident> incidents = h.createQuery("select " + INCIDENT_COLUMNS
                            + " from incidents where status <> 'closed' order by id")
                    .map((rs, ctx) -> incident(rs)).list();
            List<Alert> alerts = h.createQuery("select a.* from alerts a join incidents i on i.id = a.incident_id"
                            + " where i.status <> 'closed' order by a.id")
                    .map((rs, ctx) -> alert(rs)).list();
            long lastIncident = h.createQuery("select coalesce(max(id), 0) from incidents").mapTo(Long.class).one();
            long lastAlert = h.createQuery("select coalesce(max(id), 0) from alerts").mapTo(Long.class).one();
            return new EngineState(incidents, alerts, lastIncident, lastAlert);
        });
    }

    public Optional<Incident> findIncident(long id) {
        return jdbi.withHandle(h -> h.createQuery("select " + INCIDENT_COLUMNS + " from incidents where id = :id")
                .bind("id", id).map((rs, ctx) -> incident(rs)).findOne());
    }

    /** Writes everything in one transaction: all of it is committed, or none of it. */
    public void write(Changes changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            writeIncidents(h, changes);
            writeAlerts(h, changes);
            writeAlertsSeen(h, changes);
            writeTimeline(h, changes);
            writeSignals(h, changes);
        });
    }

    private static void writeIncidents(Handle h, Changes changes) {
        if (changes.incidents().isEmpty()) {
            return;
        }
        PreparedBatch b = h.prepareBatch("insert into incidents (" + INCIDENT_COLUMNS + ") values (:id, :title,"
                + " :status, :priority, :priorityOverridden, :queue, :assignee, :humanInvolved, :createdAt, :updatedAt,"
                + " :acknowledgedAt, :resolvedAt, :closedAt, :snoozedUntil, cast(:labels as jsonb))"
                + " on conflict (id) do update set title = excluded.title, status = excluded.status,"
                + " priority = excluded.priority, priority_overridden = excluded.priority_overridden,"
                + " queue = excluded.queue, assignee = excluded.assignee, human_involved = excluded.human_involved,"
                + " updated_at = excluded.updated_at, acknowledged_at = excluded.acknowledged_at,"
                + " resolved_at = excluded.resolved_at, closed_at = excluded.closed_at,"
                + " snoozed_until = excluded.snoozed_until, labels = excluded.labels");
        for (Incident i : changes.incidents()) {
            b.bind("id", i.id()).bind("title", i.title()).bind("status", i.status().wireName())
                    .bind("priority", i.priority().name()).bind("priorityOverridden", i.priorityOverridden())
                    .bind("queue", i.queue()).bind("assignee", i.assignee())
                    .bind("humanInvolved", i.humanInvolved()).bind("createdAt", ts(i.createdAt()))
                    .bind("updatedAt", ts(i.updatedAt())).bind("acknowledgedAt", ts(i.acknowledgedAt()))
                    .bind("resolvedAt", ts(i.resolvedAt())).bind("closedAt", ts(i.closedAt()))
                    .bind("snoozedUntil", ts(i.snoozedUntil())).bind("labels", json(i.labels()))
                    .add();
        }
        b.execute();
    }

    private static void writeAlerts(Handle h, Changes changes) {
        if (changes.alerts().isEmpty()) {
            return;
        }
        PreparedBatch b = h.prepareBatch("insert into alerts (id, incident_id, source, integration_id, fingerprint,"
                + " upstream_fingerprint, dedup_key, labels, annotations, title, severity, status, starts_at,"
                + " first_seen, last_seen, resolved_at, resolution, count, episode) values (:id, :incidentId, :source,"
                + " :integrationId, :fingerprint, :upstreamFingerprint, :dedupKey, cast(:labels as jsonb),"
                + " cast(:annotations as jsonb), :title, :severity, :status, :startsAt, :firstSeen, :lastSeen,"
                + " :resolvedAt, :resolution, :count, :episode)"
                + " on conflict (id) do update set incident_id = excluded.incident_id,"
                + " annotations = excluded.annotations, title = excluded.title, severity = excluded.severity,"
                + " status = excluded.status, starts_at = excluded.starts_at, last_seen = excluded.last_seen,"
                + " resolved_at = excluded.resolved_at, resolution = excluded.resolution, count = excluded.count,"
                + " episode = excluded.episode");
        for (Alert a : changes.alerts()) {
            b.bind("id", a.id()).bind("incidentId", a.incidentId()).bind("source", a.source().wireName())
                    .bind("integrationId", a.integrationId() == 0 ? null : a.integrationId())
                    .bind("fingerprint", a.fingerprint()).bind("upstreamFingerprint", a.upstreamFingerprint())
                    .bind("dedupKey", a.dedupKey()).bind("labels", json(a.labels()))
                    .bind("annotations", json(a.annotations())).bind("title", a.title())
                    .bind("severity", a.severity()).bind("status", a.status().wireName())
                    .bind("startsAt", ts(a.startsAt())).bind("firstSeen", ts(a.firstSeen()))
                    .bind("lastSeen", ts(a.lastSeen())).bind("resolvedAt", ts(a.resolvedAt()))
                    .bind("resolution", a.resolution()).bind("count", a.count()).bind("episode", a.episode())
                    .add();
        }
        b.execute();
    }

    /** Repeats: one statement for the whole batch, over arrays, touching only the two columns that moved. */
    private static void writeAlertsSeen(Handle h, Changes changes) {
        int n = changes.alertsSeen().size();
        if (n == 0) {
            return;
        }
        long[] ids = new long[n];
        long[] counts = new long[n];
        long[] seenMicros = new long[n];
        int i = 0;
        for (Alert a : changes.alertsSeen()) {
            ids[i] = a.id();
            counts[i] = a.count();
            seenMicros[i] = micros(a.lastSeen());
            i++;
        }
        h.createUpdate("update alerts a set count = v.count,"
                        + " last_seen = timestamptz 'epoch' + v.seen * interval '1 microsecond'"
                        + " from unnest(:ids, :counts, :seen) as v(id, count, seen) where a.id = v.id")
                .bind("ids", ids).bind("counts", counts).bind("seen", seenMicros)
                .execute();
    }

    private static void writeTimeline(Handle h, Changes changes) {
        if (changes.timeline().isEmpty()) {
            return;
        }
        PreparedBatch b = h.prepareBatch("insert into timeline (incident_id, at, actor, kind, message, alert_id)"
                + " values (:incidentId, :at, :actor, :kind, :message, :alertId)");
        for (TimelineEntry e : changes.timeline()) {
            b.bind("incidentId", e.incidentId()).bind("at", ts(e.at())).bind("actor", e.actor())
                    .bind("kind", e.kind().wireName()).bind("message", e.message())
                    .bind("alertId", e.alertId() == 0 ? null : e.alertId())
                    .add();
        }
        b.execute();
    }

    /** The raw bodies for the signal log: one statement over arrays for the whole batch. */
    private static void writeSignals(Handle h, Changes changes) {
        int n = changes.signals().size();
        if (n == 0) {
            return;
        }
        long[] receivedMicros = new long[n];
        String[] sources = new String[n];
        Long[] integrations = new Long[n];
        int[] counts = new int[n];
        int[] bytes = new int[n];
        String[] payloads = new String[n];
        int i = 0;
        for (RawSignal raw : changes.signals()) {
            receivedMicros[i] = micros(raw.receivedAt());
            sources[i] = raw.source().wireName();
            integrations[i] = raw.integrationId() == 0 ? null : raw.integrationId();
            counts[i] = raw.signals();
            bytes[i] = utf8Length(raw.payload());
            payloads[i] = raw.payload();
            i++;
        }
        h.createUpdate("insert into signals (received_at, source, integration_id, signals, bytes, payload)"
                        + " select timestamptz 'epoch' + v.received * interval '1 microsecond', v.source,"
                        + " v.integration, v.signals, v.bytes, v.payload"
                        + " from unnest(:received, :sources, :integrations, :counts, :bytes, :payloads)"
                        + " as v(received, source, integration, signals, bytes, payload)")
                .bind("received", receivedMicros).bind("sources", sources).bind("integrations", integrations)
                .bind("counts", counts).bind("bytes", bytes).bind("payloads", payloads)
                .execute();
    }

    private static long micros(java.time.Instant t) {
        return java.util.concurrent.TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1_000;
    }

    /** The UTF-8 length without encoding the string: what PostgreSQL will store. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static Incident incident(ResultSet rs) throws SQLException {
        return new Incident(rs.getLong("id"), rs.getString("title"),
                IncidentStatus.fromWireName(rs.getString("status")), Priority.valueOf(rs.getString("priority")),
                rs.getBoolean("priority_overridden"), rs.getString("queue"), rs.getString("assignee"),
                rs.getBoolean("human_involved"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "acknowledged_at"), instant(rs, "resolved_at"), instant(rs, "closed_at"),
                instant(rs, "snoozed_until"), map(rs, "labels"));
    }

    static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(rs.getLong("id"), rs.getLong("incident_id"), Source.fromWireName(rs.getString("source")),
                rs.getLong("integration_id"), rs.getString("fingerprint"), rs.getString("upstream_fingerprint"),
                rs.getString("dedup_key"), map(rs, "labels"), map(rs, "annotations"), rs.getString("title"),
                rs.getString("severity"), AlertStatus.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                instant(rs, "starts_at"), instant(rs, "first_seen"), instant(rs, "last_seen"),
                instant(rs, "resolved_at"), rs.getString("resolution"), rs.getLong("count"), rs.getInt("episode"));
    }
}
