package dev.sift.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sift.core.heartbeat.Heartbeat;
import dev.sift.core.sla.IncidentSla;
import dev.sift.core.sla.Pause;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * SLA clocks ({@code incident_slas}) and the heartbeat columns of {@code integrations}: written with the rest of a
 * batch (one statement part each, over arrays), loaded back at start.
 */
final class PostgresSlas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, String>>> PAUSES = new TypeReference<>() {};
    private static final String TS = "timestamptz 'epoch' + %s * interval '1 microsecond'";

    private PostgresSlas() {}

    static void writeSlas(BatchStatement h, Collection<IncidentSla> slas) {
        int n = slas.size();
        if (n == 0) {
            return;
        }
        long[] ids = new long[n];
        String[] policies = new String[n], pauses = new String[n];
        Long[] ackDue = new Long[n], resolveDue = new Long[n];
        boolean[] ackBreached = new boolean[n], resolveBreached = new boolean[n];
        int k = 0;
        for (IncidentSla s : slas) {
            ids[k] = s.incidentId();
            policies[k] = s.policy();
            ackDue[k] = micros(s.ackDueAt());
            resolveDue[k] = micros(s.resolveDueAt());
            ackBreached[k] = s.ackBreached();
            resolveBreached[k] = s.resolveBreached();
            pauses[k] = pausesJson(s.pauses());
            k++;
        }
        h.createUpdate("insert into incident_slas (incident_id, policy, ack_due_at, resolve_due_at, ack_breached,"
                        + " resolve_breached, pauses)"
                        + " select v.id, v.policy, " + TS.formatted("v.ack") + ", " + TS.formatted("v.resolve")
                        + ", v.ack_breached, v.resolve_breached, v.pauses::jsonb"
                        + " from unnest(:ids, :policies, :ack, :resolve, :ackBreached, :resolveBreached, :pauses)"
                        + " as v(id, policy, ack, resolve, ack_breached, resolve_breached, pauses)"
                        + " on conflict (incident_id) do update set policy = excluded.policy,"
                        + " ack_due_at = excluded.ack_due_at, resolve_due_at = excluded.resolve_due_at,"
                        + " ack_breached = excluded.ack_breached, resolve_breached = excluded.resolve_breached,"
                        + " pauses = excluded.pauses")
                .bind("ids", ids).bind("policies", policies).bind("ack", ackDue).bind("resolve", resolveDue)
                .bind("ackBreached", ackBreached).bind("resolveBreached", resolveBreached).bind("pauses", pauses)
                .execute();
    }

    /** The integration rows exist (created through the API); the engine writes when it watched or was pinged. */
    static void writeHeartbeats(BatchStatement h, Collection<Heartbeat> heartbeats) {
        int n = heartbeats.size();
        if (n == 0) {
            return;
        }
        long[] ids = new long[n], lastPing = new long[n];
        boolean[] pinged = new boolean[n];
        int k = 0;
        for (Heartbeat hb : heartbeats) {
            ids[k] = hb.integrationId();
            lastPing[k] = micros(hb.lastPingAt());
            pinged[k] = hb.pinged();
            k++;
        }
        h.createUpdate("update integrations i set heartbeat_last_ping_at = " + TS.formatted("v.last")
                        + ", heartbeat_pinged = v.pinged"
                        + " from unnest(:ids, :last, :pinged) as v(id, last, pinged) where i.id = v.id")
                .bind("ids", ids).bind("last", lastPing).bind("pinged", pinged)
                .execute();
    }

    static List<IncidentSla> loadSlas(Handle h) {
        return h.createQuery("select s.* from incident_slas s join incidents i on i.id = s.incident_id"
                        + " where i.status <> 'closed' order by s.incident_id")
                .map((rs, ctx) -> sla(rs, "")).list();
    }

    /** Every heartbeat; one that was never watched yet counts from its creation. */
    static List<Heartbeat> loadHeartbeats(Handle h) {
        return h.createQuery("select id, name, heartbeat_interval_ms, coalesce(heartbeat_grace_ms, 0) as grace,"
                        + " coalesce(heartbeat_last_ping_at, created_at) as last, heartbeat_pinged from integrations"
                        + " where kind = 'heartbeat' order by id")
                .map((rs, ctx) -> new Heartbeat(rs.getLong("id"), rs.getString("name"),
                        Duration.ofMillis(rs.getLong("heartbeat_interval_ms")), Duration.ofMillis(rs.getLong("grace")),
                        Rows.instant(rs, "last"), rs.getBoolean("heartbeat_pinged")))
                .list();
    }

    /**
     * The SLA of a row with the columns of {@code incident_slas}, each name prefixed by {@code prefix}; null when
     * the row has none (an outer join found no SLA).
     */
    static IncidentSla sla(ResultSet rs, String prefix) throws SQLException {
        String pauses = rs.getString(prefix + "pauses");
        if (pauses == null) {
            return null;
        }
        return new IncidentSla(rs.getLong(prefix + "incident_id"), rs.getString(prefix + "policy"),
                Rows.instant(rs, prefix + "ack_due_at"), Rows.instant(rs, prefix + "resolve_due_at"),
                rs.getBoolean(prefix + "ack_breached"), rs.getBoolean(prefix + "resolve_breached"), pauses(pauses));
    }

    static String pausesJson(List<Pause> pauses) {
        List<Map<String, String>> out = new ArrayList<>(pauses.size());
        for (Pause p : pauses) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("start", p.start().toString());
            m.put("end", p.end() == null ? null : p.end().toString());
            out.add(m);
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Pause> pauses(String json) {
        try {
            List<Pause> out = new ArrayList<>();
            for (Map<String, String> m : JSON.readValue(json, PAUSES)) {
                out.add(new Pause(Instant.parse(m.get("start")), m.get("end") == null ? null : Instant.parse(m.get("end"))));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Long micros(Instant t) {
        return t == null ? null : java.util.concurrent.TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1_000;
    }
}
