package dev.sift.storage;

import static dev.sift.storage.Rows.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.journal.IncidentEvent;
import dev.sift.core.journal.JournalEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The effect journal (ADR 8): its targets (the external systems Sift keeps in step) and the rows to deliver to them.
 * The single writer fans each journal entry out to every target as part of its batch statement ({@link #write});
 * delivery workers claim due rows — only the oldest pending one per incident and target, so each target sees an
 * incident's events in order — and record the outcome, with the target's health.
 */
public final class PostgresEffects {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A configured external system; its secrets stay encrypted here (the app decrypts them to use them). */
    public record Target(long id, String name, String kind, JsonNode config, String secret, Instant createdAt,
                         Instant lastSuccessAt, Instant lastErrorAt, String lastError, Instant watchedUntil) {}

    /** A claimed row: the journal entry for one target, and how many attempts came before this one. */
    public record Claimed(long id, long targetId, JournalEntry entry, int attempts) {}

    private final Jdbi jdbi;

    public PostgresEffects(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The batch's journal entries, once per target existing when the batch commits, as one part of the batch
     * statement; a key already there adds nothing. Without targets it inserts nothing.
     */
    static void write(BatchStatement h, Collection<JournalEntry> entries) {
        int n = entries.size();
        if (n == 0) {
            return;
        }
        String[] keys = new String[n], events = new String[n], payloads = new String[n];
        long[] incidents = new long[n], at = new long[n];
        int k = 0;
        for (JournalEntry e : entries) {
            keys[k] = e.key();
            incidents[k] = e.incidentId();
            events[k] = e.event().wireName();
            at[k] = PostgresEngineStore.microsOrNull(e.at());
            payloads[k] = payload(e);
            k++;
        }
        h.createUpdate("insert into effects (dedup_key, incident_id, target_id, event, occurred_at, payload,"
                        + " next_attempt_at)"
                        + " select v.key || '@' || t.id, v.incident, t.id, v.event, " + PostgresEngineStore.ts("v.at")
                        + ", v.payload::jsonb, " + PostgresEngineStore.ts("v.at")
                        + " from unnest(:keys, :incidents, :events, :at, :payloads) with ordinality"
                        + " as v(key, incident, event, at, payload, n) cross join effect_targets t"
                        + " order by v.n, t.id on conflict (dedup_key) do nothing")
                .bind("keys", keys).bind("incidents", incidents).bind("events", events).bind("at", at)
                .bind("payloads", payloads)
                .execute();
    }

    // ---- targets ------------------------------------------------------------------------------------------------

    /** @return the new target's id, or empty when the name is taken */
    public Optional<Long> createTarget(String name, String kind, JsonNode config, String secret, String actor,
                                       Instant at) {
        return jdbi.withHandle(h -> h.createQuery("insert into effect_targets (name, kind, config, secret, created_at,"
                        + " created_by) values (:name, :kind, :config::jsonb, :secret, :at, :actor)"
                        + " on conflict (name) do nothing returning id")
                .bind("name", name).bind("kind", kind).bind("config", config.toString()).bind("secret", secret)
                .bind("at", Rows.ts(at)).bind("actor", actor)
                .mapTo(Long.class).findOne());
    }

    public List<Target> targets() {
        return jdbi.withHandle(h -> h.createQuery("select * from effect_targets order by id")
                .map((rs, ctx) -> target(rs)).list());
    }

    public Optional<Target> target(long id) {
        return jdbi.withHandle(h -> h.createQuery("select * from effect_targets where id = :id").bind("id", id)
                .map((rs, ctx) -> target(rs)).findOne());
    }

    public boolean anyTargets() {
        return jdbi.withHandle(h -> h.createQuery("select exists (select 1 from effect_targets)")
                .mapTo(Boolean.class).one());
    }

    /** The target answered (a delivery or a watch round): its health says so. */
    public void targetSucceeded(long targetId, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("update effect_targets set last_success_at = :at where id = :id")
                .bind("id", targetId).bind("at", Rows.ts(at)).execute());
    }

    public void targetFailed(long targetId, Instant at, String error) {
        jdbi.useHandle(h -> h.createUpdate("update effect_targets set last_error_at = :at, last_error = :error"
                        + " where id = :id")
                .bind("id", targetId).bind("at", Rows.ts(at)).bind("error", error).execute());
    }

    /** The watcher saw the target's changes up to {@code until}. */
    public void watched(long targetId, Instant until) {
        jdbi.useHandle(h -> h.createUpdate("update effect_targets set watched_until = :until where id = :id")
                .bind("id", targetId).bind("until", Rows.ts(until)).execute());
    }

    // ---- deliveries ---------------------------------------------------------------------------------------------

    /**
     * Claims up to {@code limit} due rows, leased until {@code leaseUntil}: only a row with no older pending row of
     * the same incident and target (order is kept; a leased row holds back the ones after it), oldest first.
     */
    public List<Claimed> claim(Instant now, Instant leaseUntil, int limit) {
        return jdbi.withHandle(h -> h.createQuery("update effects e set next_attempt_at = :lease"
                        + " from (select p.id from effects p where p.state = 'pending' and p.next_attempt_at <= :now"
                        + " and not exists (select 1 from effects q where q.state = 'pending'"
                        + " and q.target_id = p.target_id and q.incident_id = p.incident_id and q.id < p.id)"
                        + " order by p.next_attempt_at, p.id limit :limit for update skip locked) due"
                        + " where e.id = due.id returning e.*")
                .bind("now", Rows.ts(now)).bind("lease", Rows.ts(leaseUntil)).bind("limit", limit)
                .map((rs, ctx) -> claimed(rs)).list())
                .stream().sorted(Comparator.comparingLong(Claimed::id)).toList();
    }

    public void release(List<Claimed> rows, Instant now) {
        long[] ids = rows.stream().mapToLong(Claimed::id).toArray();
        jdbi.useHandle(h -> h.createUpdate("update effects set next_attempt_at = :now"
                        + " where id = any(:ids) and state = 'pending'")
                .bind("now", Rows.ts(now)).bind("ids", ids).execute());
    }

    /**
     * Done: what the target's policy did ({@code outcome}), and — when there is something worth saying to
     * people — a timeline entry on the incident.
     */
    public void delivered(Claimed row, Instant at, String outcome, String timeline) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("update effects set state = 'delivered', attempts = attempts + 1,"
                            + " last_attempt_at = :at, delivered_at = :at, last_error = null, outcome = :outcome"
                            + " where id = :id and state = 'pending'")
                    .bind("id", row.id()).bind("at", Rows.ts(at)).bind("outcome", outcome).execute();
            if (n == 1 && timeline != null) {
                timeline(h, row.entry().incidentId(), at, timeline);
            }
        });
    }

    /** An attempt failed: retried at {@code retryAt}, or dead when that is null (and the timeline says so). */
    public void failed(Claimed row, Instant at, String error, Instant retryAt, String deadTimeline) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("update effects set attempts = attempts + 1, last_attempt_at = :at,"
                            + " last_error = :error, state = case when :dead then 'dead' else 'pending' end,"
                            + " next_attempt_at = coalesce(:retry, next_attempt_at)"
                            + " where id = :id and state = 'pending'")
                    .bind("id", row.id()).bind("at", Rows.ts(at)).bind("error", error)
                    .bind("dead", retryAt == null).bind("retry", Rows.ts(retryAt)).execute();
            if (n == 1 && retryAt == null) {
                timeline(h, row.entry().incidentId(), at, deadTimeline);
            }
        });
    }

    /** Pending (or dead) rows of an incident per target, for its sync state. */
    public Map<Long, Long> pendingByTarget(long incidentId) {
        Map<Long, Long> out = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("select target_id, count(*) as n from effects where incident_id = :i"
                        + " and state = 'pending' group by target_id")
                .bind("i", incidentId)
                .map((rs, ctx) -> Map.entry(rs.getLong("target_id"), rs.getLong("n")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** The latest error of an incident's pending or dead rows per target. */
    public Map<Long, String> lastErrorByTarget(long incidentId) {
        Map<Long, String> out = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("select distinct on (target_id) target_id, last_error from effects"
                        + " where incident_id = :i and state <> 'delivered' and last_error is not null"
                        + " order by target_id, id desc")
                .bind("i", incidentId)
                .map((rs, ctx) -> Map.entry(rs.getLong("target_id"), rs.getString("last_error")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** A line on an incident's timeline written by the effect workers (as the notification workers do, ADR 6). */
    public void timeline(long incidentId, Instant at, String message) {
        jdbi.useHandle(h -> timeline(h, incidentId, at, message));
    }

    static void timeline(Handle h, long incidentId, Instant at, String message) {
        h.createUpdate("insert into timeline (incident_id, at, actor, kind, message) values (:incident, :at, :actor,"
                        + " :kind, :message)")
                .bind("incident", incidentId).bind("at", Rows.ts(at)).bind("actor", TimelineEntry.SYSTEM)
                .bind("kind", TimelineKind.TICKET.wireName()).bind("message", message)
                .execute();
    }

    private static Target target(ResultSet rs) throws SQLException {
        JsonNode config;
        try {
            config = JSON.readTree(rs.getString("config"));
        } catch (JsonProcessingException e) {
            throw new SQLException("effect target " + rs.getLong("id") + " has a config that is not JSON", e);
        }
        return new Target(rs.getLong("id"), rs.getString("name"), rs.getString("kind"), config,
                rs.getString("secret"), instant(rs, "created_at"), instant(rs, "last_success_at"),
                instant(rs, "last_error_at"), rs.getString("last_error"), instant(rs, "watched_until"));
    }

    private static String payload(JournalEntry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("key", e.key());
        o.put("actor", e.actor());
        o.put("message", e.message());
        o.put("title", e.title());
        o.put("status", e.status());
        o.put("priority", e.priority() == null ? null : e.priority().name());
        o.put("queue", e.queue());
        o.put("assignee", e.assignee());
        o.put("snoozedUntil", e.snoozedUntil() == null ? null : e.snoozedUntil().toString());
        o.set("labels", JSON.valueToTree(new TreeMap<>(e.labels())));
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("a journal entry always serializes", x);
        }
    }

    private static Claimed claimed(ResultSet rs) throws SQLException {
        JsonNode p;
        try {
            p = JSON.readTree(rs.getString("payload"));
        } catch (JsonProcessingException e) {
            throw new SQLException("effect row " + rs.getLong("id") + " has a payload that is not JSON", e);
        }
        Map<String, String> labels = new TreeMap<>();
        p.path("labels").properties().forEach(x -> labels.put(x.getKey(), x.getValue().asText()));
        String until = text(p, "snoozedUntil");
        String priority = text(p, "priority");
        JournalEntry entry = new JournalEntry(text(p, "key"), rs.getLong("incident_id"),
                IncidentEvent.fromWireName(rs.getString("event")), instant(rs, "occurred_at"), text(p, "actor"),
                text(p, "message"), text(p, "title"), text(p, "status"),
                priority == null ? null : Priority.valueOf(priority), text(p, "queue"), text(p, "assignee"),
                until == null ? null : Instant.parse(until), labels);
        return new Claimed(rs.getLong("id"), rs.getLong("target_id"), entry, rs.getInt("attempts"));
    }

    private static String text(JsonNode p, String field) {
        JsonNode v = p.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
