package dev.sift.storage;

import static dev.sift.storage.Rows.instant;
import static dev.sift.storage.Rows.json;
import static dev.sift.storage.Rows.map;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.alert.Source;
import dev.sift.core.engine.Changes;
import dev.sift.core.engine.EngineState;
import dev.sift.core.grouping.Lessons;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.routing.Routing;
import dev.sift.core.signal.RawSignal;
import dev.sift.core.silence.Silence;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Where the engine's working set lives between runs: it writes each batch of {@link Changes} in one
 * transaction and loads the working set back at start. Used by the single writer only.
 */
public final class PostgresEngineStore {
    private static final String INCIDENT_COLUMNS = "id, title, status, priority, priority_overridden, queue, assignee,"
            + " human_involved, created_at, updated_at, acknowledged_at, resolved_at, closed_at, snoozed_until, labels,"
            + " route_name, route_path, route_reason, priority_rule, category, customer, runbook, route_labels,"
            + " channels, grouping, merged_into";

    private final Jdbi jdbi;
    /**
     * The highest alert and incident ids stored. The engine numbers alerts and incidents upwards, so anything above
     * was never written: it is inserted plainly, without the conflict check that an update needs (a new alert costs
     * a third less that way). Read at {@link #load()} or at the first write, moved after each commit.
     */
    private long storedAlerts = -1;
    /**
     * Whether journal entries are written (fanned out) at all: false while no effect target exists, so that the
     * common batch without external systems carries no extra statement. Set by whoever creates targets.
     */
    private volatile java.util.function.BooleanSupplier journalWanted = () -> true;
    private long storedIncidents = -1;

    /** Journal entries are written only while this says so (no effect target: nothing to fan out to). */
    public void writeJournalWhen(java.util.function.BooleanSupplier wanted) {
        this.journalWanted = wanted;
    }

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
            storedIncidents = lastIncident;
            storedAlerts = lastAlert;
            List<Alert> silenced = h.createQuery("select * from alerts where incident_id is null and status = 'firing'"
                            + " order by id")
                    .map((rs, ctx) -> alert(rs)).list();
            Map<Long, String> integrationNames = new HashMap<>();
            h.createQuery("select id, name from integrations")
                    .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getString("name")))
                    .forEach(e -> integrationNames.put(e.getKey(), e.getValue()));
            // Ended silences are loaded too (there are few; people make them) and leave memory at the first tick.
            List<Silence> silences = h.createQuery("select * from silences order by id")
                    .map((rs, ctx) -> PostgresSilences.silence(rs)).list();
            long lastSilence = h.createQuery("select coalesce(max(id), 0) from silences").mapTo(Long.class).one();
            return new EngineState(incidents, alerts, lastIncident, lastAlert, silenced, integrationNames, silences,
                    lastSilence, PostgresSlas.loadSlas(h), PostgresSlas.loadHeartbeats(h), loadLessons(h));
        });
    }

    public Optional<Incident> findIncident(long id) {
        return jdbi.withHandle(h -> h.createQuery("select " + INCIDENT_COLUMNS + " from incidents where id = :id")
                .bind("id", id).map((rs, ctx) -> incident(rs)).findOne());
    }

    /**
     * Writes everything as one statement in auto-commit (see {@link BatchStatement}): all of it is committed, or
     * none of it, in one round trip.
     */
    public void write(Changes changes) {
        if (changes.isEmpty()) {
            return;
        }
        if (storedAlerts < 0 || storedIncidents < 0) {
            readStoredIds();
        }
        BatchStatement batch = new BatchStatement();
        List<Incident> newIncidents = new ArrayList<>(), changedIncidents = new ArrayList<>();
        long lastIncident = storedIncidents;
        for (Incident i : changes.incidents()) {
            (i.id() > storedIncidents ? newIncidents : changedIncidents).add(i);
            lastIncident = Math.max(lastIncident, i.id());
        }
        List<Alert> newAlerts = new ArrayList<>(), changedAlerts = new ArrayList<>();
        long lastAlert = storedAlerts;
        for (Alert a : changes.alerts()) {
            (a.id() > storedAlerts ? newAlerts : changedAlerts).add(a);
            lastAlert = Math.max(lastAlert, a.id());
        }
        writeIncidents(batch, newIncidents, false);
        writeIncidents(batch, changedIncidents, true);
        writeAlerts(batch, newAlerts, changes, false);
        writeAlerts(batch, changedAlerts, changes, true);
        writeAlertsSeen(batch, changes);
        writeTimeline(batch, changes);
        PostgresSlas.writeSlas(batch, changes.slas()); // after the incidents they refer to
        PostgresSlas.writeHeartbeats(batch, changes.heartbeats());
        PostgresSilences.write(batch, changes.silences());
        writeSignals(batch, changes);
        writeReceived(batch, changes);
        PostgresOutbox.write(batch, changes.notifications());
        writeLessons(batch, changes.lessons());
        if (journalWanted.getAsBoolean()) {
            PostgresEffects.write(batch, changes.journal()); // fanned out to the effect targets there are
        }
        if (batch.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> {
            if (h.isInTransaction()) { // (auto-commit off)
                throw new IllegalStateException("the batch statement relies on auto-commit to commit it");
            }
            h.createUpdate(batch.sql()).bindMap(batch.bindings()).execute();
        });
        storedIncidents = lastIncident;
        storedAlerts = lastAlert;
    }

    /** For a store that writes before it loaded (a fresh database, or a test). */
    private void readStoredIds() {
        jdbi.useHandle(h -> {
            storedIncidents = h.createQuery("select coalesce(max(id), 0) from incidents").mapTo(Long.class).one();
            storedAlerts = h.createQuery("select coalesce(max(id), 0) from alerts").mapTo(Long.class).one();
        });
    }

    /** Timestamps go over the wire as microseconds since the epoch (null stays null): arrays of them bind simply. */
    private static final String TS = "timestamptz 'epoch' + %s * interval '1 microsecond'";

    /** New incidents (inserted) or changed ones (upserted): one statement over arrays for the whole batch. */
    private static void writeIncidents(BatchStatement h, List<Incident> incidents, boolean stored) {
        int n = incidents.size();
        if (n == 0) {
            return;
        }
        long[] ids = new long[n];
        String[] titles = new String[n], statuses = new String[n], priorities = new String[n], queues = new String[n],
                assignees = new String[n], labels = new String[n];
        // Routing (fixed at open): inserted with the incident, never part of the update below.
        String[] routeNames = new String[n], routePaths = new String[n], reasons = new String[n],
                rules = new String[n], categories = new String[n], customers = new String[n],
                runbooks = new String[n], routeLabels = new String[n], channels = new String[n],
                groupings = new String[n];
        boolean[] overridden = new boolean[n], human = new boolean[n];
        Long[] created = new Long[n], updated = new Long[n], acknowledged = new Long[n], resolved = new Long[n],
                closed = new Long[n], snoozed = new Long[n], mergedInto = new Long[n];
        int k = 0;
        for (Incident i : incidents) {
            ids[k] = i.id();
            titles[k] = i.title();
            statuses[k] = i.status().wireName();
            priorities[k] = i.priority().name();
            overridden[k] = i.priorityOverridden();
            queues[k] = i.queue();
            assignees[k] = i.assignee();
            human[k] = i.humanInvolved();
            created[k] = microsOrNull(i.createdAt());
            updated[k] = microsOrNull(i.updatedAt());
            acknowledged[k] = microsOrNull(i.acknowledgedAt());
            resolved[k] = microsOrNull(i.resolvedAt());
            closed[k] = microsOrNull(i.closedAt());
            snoozed[k] = microsOrNull(i.snoozedUntil());
            mergedInto[k] = i.mergedInto() == 0 ? null : i.mergedInto();
            labels[k] = json(i.labels());
            Routing r = i.routing();
            routeNames[k] = r.routeName();
            routePaths[k] = r.routePath();
            reasons[k] = r.reason();
            rules[k] = r.priorityRule() == null ? null : r.priorityRule().wireName();
            categories[k] = r.category();
            customers[k] = r.customer();
            runbooks[k] = r.runbook();
            routeLabels[k] = json(r.labels());
            channels[k] = json(r.channels());
            groupings[k] = r.grouping();
            k++;
        }
        h.createUpdate("insert into incidents (" + INCIDENT_COLUMNS + ")"
                        + " select v.id, v.title, v.status, v.priority, v.overridden, v.queue, v.assignee, v.human, "
                        + ts("v.created") + ", " + ts("v.updated") + ", " + ts("v.acknowledged") + ", "
                        + ts("v.resolved") + ", " + ts("v.closed") + ", " + ts("v.snoozed") + ", v.labels::jsonb,"
                        + " v.route_name, v.route_path, v.reason, v.rule, v.category, v.customer, v.runbook,"
                        + " v.route_labels::jsonb, v.channels::jsonb, v.grouping, v.merged_into"
                        + " from unnest(:ids, :titles, :statuses, :priorities, :overridden, :queues, :assignees,"
                        + " :human, :created, :updated, :acknowledged, :resolved, :closed, :snoozed, :labels,"
                        + " :routeNames, :routePaths, :reasons, :rules, :categories, :customers, :runbooks,"
                        + " :routeLabels, :channels, :groupings, :mergedInto)"
                        + " as v(id, title, status, priority, overridden, queue, assignee, human, created, updated,"
                        + " acknowledged, resolved, closed, snoozed, labels, route_name, route_path, reason, rule,"
                        + " category, customer, runbook, route_labels, channels, grouping, merged_into)"
                        + (!stored ? "" : " on conflict (id) do update set title = excluded.title, status = excluded.status,"
                        + " priority = excluded.priority, priority_overridden = excluded.priority_overridden,"
                        + " queue = excluded.queue, assignee = excluded.assignee,"
                        + " human_involved = excluded.human_involved, updated_at = excluded.updated_at,"
                        + " acknowledged_at = excluded.acknowledged_at, resolved_at = excluded.resolved_at,"
                        + " closed_at = excluded.closed_at, snoozed_until = excluded.snoozed_until,"
                        + " labels = excluded.labels, merged_into = excluded.merged_into"))
                .bind("ids", ids).bind("titles", titles).bind("statuses", statuses).bind("priorities", priorities)
                .bind("overridden", overridden).bind("queues", queues).bind("assignees", assignees)
                .bind("human", human).bind("created", created).bind("updated", updated)
                .bind("acknowledged", acknowledged).bind("resolved", resolved).bind("closed", closed)
                .bind("snoozed", snoozed).bind("labels", labels)
                .bind("routeNames", routeNames).bind("routePaths", routePaths).bind("reasons", reasons)
                .bind("rules", rules).bind("categories", categories).bind("customers", customers)
                .bind("runbooks", runbooks).bind("routeLabels", routeLabels).bind("channels", channels)
                .bind("groupings", groupings).bind("mergedInto", mergedInto)
                .execute();
    }

    /** New alerts (inserted) or changed ones in full (upserted): one statement over arrays for the whole batch. */
    private static void writeAlerts(BatchStatement h, List<Alert> alerts, Changes changes, boolean stored) {
        int n = alerts.size();
        if (n == 0) {
            return;
        }
        long[] ids = new long[n], counts = new long[n];
        Long[] incidents = new Long[n];
        int[] episodes = new int[n];
        Long[] integrations = new Long[n], startsAt = new Long[n], firstSeen = new Long[n], lastSeen = new Long[n],
                resolvedAt = new Long[n];
        String[] sources = new String[n], fingerprints = new String[n], upstream = new String[n],
                dedupKeys = new String[n], labels = new String[n], annotations = new String[n], titles = new String[n],
                severities = new String[n], statuses = new String[n], resolutions = new String[n],
                silencedBy = new String[n], silenceReasons = new String[n], inhibitReasons = new String[n],
                heldBy = new String[n], holdReasons = new String[n];
        Long[] inhibitedBy = new Long[n], heldUntil = new Long[n];
        boolean[] flapping = new boolean[n];
        int k = 0;
        for (Alert a : alerts) {
            ids[k] = a.id();
            incidents[k] = a.incidentId() == 0 ? null : a.incidentId(); // 0: silenced, in no incident
            silencedBy[k] = a.silencedBy();
            silenceReasons[k] = a.silenceReason();
            inhibitedBy[k] = a.inhibitedBy() == 0 ? null : a.inhibitedBy();
            inhibitReasons[k] = a.inhibitReason();
            heldBy[k] = a.heldBy();
            heldUntil[k] = microsOrNull(a.heldUntil());
            holdReasons[k] = a.holdReason();
            flapping[k] = a.isFlapping();
            sources[k] = a.source().wireName();
            integrations[k] = a.integrationId() == 0 ? null : a.integrationId();
            fingerprints[k] = a.fingerprint();
            upstream[k] = a.upstreamFingerprint();
            dedupKeys[k] = a.dedupKey();
            labels[k] = json(a.labels());
            var text = changes.annotationsOf(a);
            annotations[k] = text != null ? json(text) : stored ? "null" : "{}"; // JSON null: keep the stored ones
            titles[k] = a.title();
            severities[k] = a.severity();
            statuses[k] = a.status().wireName();
            startsAt[k] = microsOrNull(a.startsAt());
            firstSeen[k] = microsOrNull(a.firstSeen());
            lastSeen[k] = microsOrNull(a.lastSeen());
            resolvedAt[k] = microsOrNull(a.resolvedAt());
            resolutions[k] = a.resolution();
            counts[k] = a.count();
            episodes[k] = a.episode();
            k++;
        }
        h.createUpdate("insert into alerts (id, incident_id, source, integration_id, fingerprint,"
                        + " upstream_fingerprint, dedup_key, labels, annotations, title, severity, status, starts_at,"
                        + " first_seen, last_seen, resolved_at, resolution, count, episode, silenced_by, silence_reason,"
                        + " inhibited_by, inhibit_reason, held_by, held_until, hold_reason, flapping)"
                        + " select v.id, v.incident, v.source, v.integration, v.fingerprint, v.upstream, v.dedup,"
                        + " v.labels::jsonb, v.annotations::jsonb, v.title, v.severity, v.status, "
                        + ts("v.starts") + ", " + ts("v.first") + ", " + ts("v.last") + ", " + ts("v.resolved")
                        + ", v.resolution, v.count, v.episode, v.silenced_by, v.silence_reason, v.inhibited_by, v.inhibit_reason,"
                        + " v.held_by, " + ts("v.held_until") + ", v.hold_reason, v.flapping"
                        + " from unnest(:ids, :incidents, :sources, :integrations, :fingerprints, :upstream, :dedup,"
                        + " :labels, :annotations, :titles, :severities, :statuses, :starts, :first, :last,"
                        + " :resolved, :resolutions, :counts, :episodes, :silencedBy, :silenceReasons, :inhibitedBy, :inhibitReasons,"
                        + " :heldBy, :heldUntil, :holdReasons, :flapping)"
                        + " as v(id, incident, source, integration, fingerprint, upstream, dedup, labels, annotations,"
                        + " title, severity, status, starts, first, last, resolved, resolution, count, episode,"
                        + " silenced_by, silence_reason, inhibited_by, inhibit_reason, held_by, held_until, hold_reason,"
                        + " flapping)"
                        + (!stored ? "" : " on conflict (id) do update set incident_id = excluded.incident_id,"
                        + " annotations = case when excluded.annotations = 'null'::jsonb then alerts.annotations"
                        + " else excluded.annotations end, title = excluded.title, severity = excluded.severity,"
                        + " status = excluded.status, starts_at = excluded.starts_at, last_seen = excluded.last_seen,"
                        + " resolved_at = excluded.resolved_at, resolution = excluded.resolution,"
                        + " count = excluded.count, episode = excluded.episode, silenced_by = excluded.silenced_by,"
                        + " silence_reason = excluded.silence_reason, inhibited_by = excluded.inhibited_by,"
                        + " inhibit_reason = excluded.inhibit_reason, held_by = excluded.held_by,"
                        + " held_until = excluded.held_until, hold_reason = excluded.hold_reason,"
                        + " flapping = excluded.flapping"))
                .bind("ids", ids).bind("incidents", incidents).bind("sources", sources)
                .bind("integrations", integrations).bind("fingerprints", fingerprints).bind("upstream", upstream)
                .bind("dedup", dedupKeys).bind("labels", labels).bind("annotations", annotations)
                .bind("titles", titles).bind("severities", severities).bind("statuses", statuses)
                .bind("starts", startsAt).bind("first", firstSeen).bind("last", lastSeen)
                .bind("resolved", resolvedAt).bind("resolutions", resolutions).bind("counts", counts)
                .bind("episodes", episodes).bind("silencedBy", silencedBy).bind("silenceReasons", silenceReasons)
                .bind("inhibitedBy", inhibitedBy).bind("inhibitReasons", inhibitReasons)
                .bind("heldBy", heldBy).bind("heldUntil", heldUntil).bind("holdReasons", holdReasons)
                .bind("flapping", flapping)
                .execute();
    }

    /** Repeats: one statement for the whole batch, over arrays, touching only the two columns that moved. */
    private static void writeAlertsSeen(BatchStatement h, Changes changes) {
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

    /** Timeline entries, appended: one statement over arrays; ids follow the order of the arrays. */
    private static void writeTimeline(BatchStatement h, Changes changes) {
        int n = changes.timeline().size();
        if (n == 0) {
            return;
        }
        long[] incidents = new long[n];
        Long[] alerts = new Long[n];
        long[] at = new long[n];
        String[] actors = new String[n], kinds = new String[n], messages = new String[n];
        int k = 0;
        for (TimelineEntry e : changes.timeline()) {
            incidents[k] = e.incidentId();
            at[k] = micros(e.at());
            actors[k] = e.actor();
            kinds[k] = e.kind().wireName();
            messages[k] = e.message();
            alerts[k] = e.alertId() == 0 ? null : e.alertId();
            k++;
        }
        h.createUpdate("insert into timeline (incident_id, at, actor, kind, message, alert_id)"
                        + " select v.incident, " + ts("v.at") + ", v.actor, v.kind, v.message, v.alert"
                        + " from unnest(:incidents, :at, :actors, :kinds, :messages, :alerts) with ordinality"
                        + " as v(incident, at, actor, kind, message, alert, n) order by v.n")
                .bind("incidents", incidents).bind("at", at).bind("actors", actors).bind("kinds", kinds)
                .bind("messages", messages).bind("alerts", alerts)
                .execute();
    }

    /** What people's corrections taught grouping: the latest state of each pair, upserted. */
    private static void writeLessons(BatchStatement h, java.util.Collection<Lessons.Lesson> lessons) {
        int n = lessons.size();
        if (n == 0) {
            return;
        }
        String[] names = new String[n], others = new String[n];
        int[] merges = new int[n], splits = new int[n];
        long[] spans = new long[n];
        int k = 0;
        for (Lessons.Lesson l : lessons) {
            names[k] = l.name();
            others[k] = l.other();
            merges[k] = l.merges();
            splits[k] = l.splits();
            spans[k] = l.span().toMillis();
            k++;
        }
        h.createUpdate("insert into grouping_lessons (name, other, merges, splits, span_ms)"
                        + " select * from unnest(:names, :others, :merges, :splits, :spans)"
                        + " on conflict (name, other) do update set merges = excluded.merges,"
                        + " splits = excluded.splits, span_ms = excluded.span_ms")
                .bind("names", names).bind("others", others).bind("merges", merges).bind("splits", splits)
                .bind("spans", spans)
                .execute();
    }

    private static List<Lessons.Lesson> loadLessons(org.jdbi.v3.core.Handle h) {
        return h.createQuery("select name, other, merges, splits, span_ms from grouping_lessons order by name, other")
                .map((rs, ctx) -> new Lessons.Lesson(rs.getString("name"), rs.getString("other"),
                        rs.getInt("merges"), rs.getInt("splits"), java.time.Duration.ofMillis(rs.getLong("span_ms"))))
                .list();
    }

    /** The raw bodies for the signal log: one statement over arrays for the whole batch. */
    private static void writeSignals(BatchStatement h, Changes changes) {
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

    /** How many alerts and events arrived per hour, added to the counts of earlier batches (V15). */
    private static void writeReceived(BatchStatement h, Changes changes) {
        int n = changes.received().size();
        if (n == 0) {
            return;
        }
        long[] hours = new long[n], counts = new long[n];
        int i = 0;
        for (var e : changes.received().entrySet()) {
            hours[i] = micros(e.getKey());
            counts[i] = e.getValue();
            i++;
        }
        h.createUpdate("insert into signal_counts (hour, signals) select " + ts("v.hour") + ", v.n"
                        + " from unnest(:hours, :counts) as v(hour, n)"
                        + " on conflict (hour) do update set signals = signal_counts.signals + excluded.signals")
                .bind("hours", hours).bind("counts", counts)
                .execute();
    }

    static String ts(String column) {
        return TS.formatted(column);
    }

    static Long microsOrNull(java.time.Instant t) {
        return t == null ? null : micros(t);
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
        Incident i = new Incident(rs.getLong("id"), rs.getString("title"),
                IncidentStatus.fromWireName(rs.getString("status")), Priority.valueOf(rs.getString("priority")),
                rs.getBoolean("priority_overridden"), rs.getString("queue"), rs.getString("assignee"),
                rs.getBoolean("human_involved"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "acknowledged_at"), instant(rs, "resolved_at"), instant(rs, "closed_at"),
                instant(rs, "snoozed_until"), map(rs, "labels"), Rows.routing(rs));
        i.setMergedInto(rs.getLong("merged_into"));
        return i;
    }

    static Alert alert(ResultSet rs) throws SQLException {
        Alert a = new Alert(rs.getLong("id"), rs.getLong("incident_id"), Source.fromWireName(rs.getString("source")),
                rs.getLong("integration_id"), rs.getString("fingerprint"), rs.getString("upstream_fingerprint"),
                rs.getString("dedup_key"), map(rs, "labels"), map(rs, "annotations"), rs.getString("title"),
                rs.getString("severity"), AlertStatus.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                instant(rs, "starts_at"), instant(rs, "first_seen"), instant(rs, "last_seen"),
                instant(rs, "resolved_at"), rs.getString("resolution"), rs.getLong("count"), rs.getInt("episode"));
        if (rs.getString("silenced_by") != null && a.incidentId() == 0) {
            a.silence(rs.getString("silenced_by"), rs.getString("silence_reason"));
        }
        long inhibitedBy = rs.getLong("inhibited_by");
        if (inhibitedBy != 0 && a.incidentId() != 0) {
            a.inhibit(a.incidentId(), inhibitedBy, rs.getString("inhibit_reason"));
        }
        String heldBy = rs.getString("held_by");
        if (heldBy != null) { // pending, or history: it was held before it opened an incident or recovered
            a.restoreHold(heldBy, instant(rs, "held_until"), rs.getString("hold_reason"));
        }
        a.setFlapping(rs.getBoolean("flapping"));
        return a;
    }
}
