package dev.sift.app;

import dev.sift.app.config.RulesFile;
import dev.sift.app.config.RulesReloader;
import dev.sift.app.effect.EffectWorkers;
import dev.sift.app.effect.SecretBox;
import dev.sift.app.icinga2.Icinga2Connectors;
import dev.sift.app.icinga2.Icinga2WriteBack;
import dev.sift.app.notification.OutboxDelivery;
import dev.sift.app.runtime.DiskGuard;
import dev.sift.app.runtime.SignalLogHousekeeping;
import dev.sift.app.runtime.SingleWriter;
import dev.sift.core.rules.Rules;
import dev.sift.core.rules.RulesStatus;
import dev.sift.core.engine.Engine;
import dev.sift.core.people.Role;
import dev.sift.http.HttpRoutes;
import dev.sift.http.api.AdminApi;
import dev.sift.http.api.AnalyticsApi;
import dev.sift.http.api.IncidentsApi;
import dev.sift.http.api.NotificationsApi;
import dev.sift.http.api.RulesApi;
import dev.sift.http.api.SilencesApi;
import dev.sift.http.api.TicketSystemsApi;
import dev.sift.http.auth.Authenticator;
import dev.sift.http.ingest.IngestMetrics;
import dev.sift.http.ingest.IngestRoutes;
import dev.sift.http.ops.OpsRoutes;
import dev.sift.storage.PostgresAnalytics;
import dev.sift.storage.PostgresEngineStore;
import dev.sift.storage.PostgresIncidentQueries;
import dev.sift.storage.PostgresIncidentQueue;
import dev.sift.storage.PostgresIntegrations;
import dev.sift.storage.PostgresOutbox;
import dev.sift.storage.PostgresPeople;
import dev.sift.storage.PostgresSignalLog;
import dev.sift.storage.PostgresSilences;
import dev.sift.storage.PostgresWebSessions;
import dev.sift.storage.PostgresSourceAlerts;
import dev.sift.storage.db.Database;
import dev.sift.storage.db.EmbeddedDatabase;
import dev.sift.web.WebRoutes;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole service, wired with plain {@code new}, top to bottom: rules, database, engine, writer, HTTP. Tests
 * start exactly this. {@link #close()} stops it in reverse order: no new requests, queued work committed, then
 * the database.
 */
public final class Sift implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sift.class);
    /** A backstop far above the handlers' own limits (Exchange.MAX_BODY_BYTES), which answer with a clear 413. */
    private static final long SERVER_MAX_PAYLOAD = 32L * 1024 * 1024;
    /** Free disk space is read at most this often. */
    private static final long DISK_RECHECK_NANOS = 1_000_000_000L;
    /** How often idle delivery workers look for due notifications. */
    private static final java.time.Duration NOTIFY_POLL = java.time.Duration.ofMillis(500);
    private static final int NOTIFY_WORKERS = 2;

    private final EmbeddedDatabase embedded;
    private final Database database;
    private final RulesReloader reloader;
    private final SingleWriter writer;
    private final SignalLogHousekeeping housekeeping;
    private final OutboxDelivery delivery;
    private final Icinga2Connectors icinga2;
    private final EffectWorkers effects;
    private final WebServer server;

    private Sift(EmbeddedDatabase embedded, Database database, RulesReloader reloader, SingleWriter writer,
                 SignalLogHousekeeping housekeeping, OutboxDelivery delivery, Icinga2Connectors icinga2,
                 EffectWorkers effects,
                 WebServer server) {
        this.embedded = embedded;
        this.database = database;
        this.reloader = reloader;
        this.writer = writer;
        this.housekeeping = housekeeping;
        this.delivery = delivery;
        this.icinga2 = icinga2;
        this.effects = effects;
        this.server = server;
    }

    public static Sift start(Settings settings, Clock clock, Consumer<String> console) {
        long started = System.nanoTime();
        Path rulesFile = settings.configFile();
        String rulesText = rulesFile == null ? null : RulesFile.read(rulesFile);
        Rules rules = rulesFile == null ? Rules.defaults() : RulesFile.parse(rulesFile.toString(), rulesText);

        EmbeddedDatabase embedded = null;
        Database database = null;
        SingleWriter writer = null;
        SignalLogHousekeeping housekeeping = null;
        OutboxDelivery delivery = null;
        Icinga2Connectors icinga2 = null;
        EffectWorkers effects = null;
        RulesReloader reloader = null;
        try {
            if (settings.databaseUrl() == null) {
                embedded = EmbeddedDatabase.start(settings.home());
                database = new Database(embedded.jdbcUrl(), "postgres", "");
            } else {
                database = new Database(settings.databaseUrl(), settings.databaseUser(), settings.databasePassword());
            }
            var jdbi = database.jdbi();
            var people = new PostgresPeople(jdbi);
            // Secrets Sift must send (ticket systems, Icinga2 passwords) are sealed with a key kept outside the database
            var box = SecretBox.open(System.getenv("SIFT_SECRET_KEY"), settings.home());
            var integrations = new PostgresIntegrations(jdbi, box);
            integrations.sealPlainSecrets();
            var queries = new PostgresIncidentQueries(jdbi);
            var store = new PostgresEngineStore(jdbi);
            AdminBootstrap.ensureAdmin(people, settings.adminToken(), console);

            var engine = new Engine(rules);
            engine.restore(store.load());
            var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            writer = new SingleWriter(engine, store, clock, settings.queueCapacity(), settings.maxBatch(), registry)
                    .start();
            Supplier<RulesStatus> rulesStatus;
            if (rulesFile == null) {
                var defaults = new RulesStatus(rules, null, clock.instant(), clock.instant(), List.of());
                rulesStatus = () -> defaults;
            } else {
                reloader = new RulesReloader(rulesFile, rulesText, rules, writer, clock, registry)
                        .start(settings.rulesPollInterval());
                rulesStatus = reloader::status;
            }
            Supplier<RulesStatus> rulesNow = rulesStatus;
            Gauge.builder("sift.rules.valid", () -> rulesNow.get().valid() ? 1 : 0)
                    .description("1 when the rules file on disk is valid and in force (or there is none), 0 when it"
                            + " was refused and the last good rules stay in force").register(registry);

            housekeeping = new SignalLogHousekeeping(new PostgresSignalLog(jdbi), clock, settings.signalRetention(),
                    settings.signalLogMaxBytes(), registry).start(settings.housekeepingInterval());
            Supplier<Optional<String>> ingestRefusal = diskGuard(settings, embedded, registry);
            // Notifications the writer put into the outbox, with the channels of the rules in force
            var outbox = new PostgresOutbox(jdbi);
            delivery = new OutboxDelivery(outbox, () -> rulesNow.get().rules().notifying(), clock, NOTIFY_POLL,
                    registry).start(NOTIFY_WORKERS);
            // Tickets and other effects on external systems, through the effect journal (ADR 8)
            effects = EffectWorkers.start(jdbi, store, writer, () -> rulesNow.get().rules().notifying(),
                    box, clock, registry);

            var auth = new Authenticator(people, integrations);
            var ticketsApi = new TicketSystemsApi(auth, effects.targets());
            var ingest = new IngestRoutes(auth, writer, new IngestMetrics(registry), clock, ingestRefusal);
            var incidents = new IncidentsApi(auth, queries, writer, people, clock);
            var webSessions = new PostgresWebSessions(jdbi);
            var silences = new PostgresSilences(jdbi);
            // Sources Sift subscribes to itself: their events go through the writer like any ingest
            var sourceAlerts = new PostgresSourceAlerts(jdbi);
            var writeBack = new Icinga2WriteBack(effects.targets(), integrations, sourceAlerts, effects.targets());
            icinga2 = new Icinga2Connectors(integrations, writer, sourceAlerts, silences, clock, writeBack).start();
            var admin = new AdminApi(auth, people, integrations, writer, webSessions, icinga2);
            var web = new WebRoutes(webSessions, people, new PostgresIncidentQueue(jdbi), queries, writer, clock);
            incidents.showTickets(ticketsApi);
            var rulesApi = new RulesApi(auth, rulesStatus);
            var silencesApi = new SilencesApi(auth, silences, writer, clock);
            var notificationsApi = new NotificationsApi(auth, outbox);
            var analyticsApi = new AnalyticsApi(auth, new PostgresAnalytics(jdbi), rulesStatus, clock);
            var openIncidents = MultiGauge.builder("sift.incidents.open")
                    .description("Incidents not closed, by status and priority").register(registry);
            Database db = database;
            Consumer<ServerRequest> metricsAuth =
                    settings.metricsNeedToken() ? req -> auth.user(req, Role.VIEWER) : req -> { };
            registerReadiness(registry, db, ingestRefusal);
            var ops = new OpsRoutes(db::isReachable, ingestRefusal, rulesStatus, registry,
                    () -> refreshOpenIncidents(queries, openIncidents), metricsAuth);
            WebServer server = WebServer.builder()
                    .host(settings.bind())
                    .port(settings.port())
                    .maxPayloadSize(SERVER_MAX_PAYLOAD)
                    .shutdownHook(false)
                    .routing(r -> {
                        web.define(r); // first: its filter adds the security headers, and the API ends in a catch-all
                        HttpRoutes.define(r, ingest, incidents, admin, rulesApi, silencesApi, notificationsApi,
                                analyticsApi, ops, ticketsApi);
                    })
                    .build()
                    .start();
            LOG.info("Sift is ready on http://{}:{} ({} open incidents, {} alerts in memory; started in {} ms)",
                    settings.bind(), server.port(), engine.incidents().size(), engine.alertCount(),
                    (System.nanoTime() - started) / 1_000_000);
            return new Sift(embedded, database, reloader, writer, housekeeping, delivery, icinga2, effects, server);
        } catch (RuntimeException e) {
            closeQuietly(icinga2);
            closeQuietly(reloader);
            closeQuietly(effects);
            closeQuietly(delivery);
            closeQuietly(housekeeping);
            closeQuietly(writer);
            closeQuietly(database);
            closeQuietly(embedded);
            throw e;
        }
    }

    /**
     * With the embedded database, ingest stops before its disk is full. An external server's disk is not ours to
     * see; a failed commit there answers 503 anyway.
     */
    private static Supplier<Optional<String>> diskGuard(Settings settings, EmbeddedDatabase embedded,
                                                        MeterRegistry registry) {
        if (embedded == null) {
            return Optional::empty;
        }
        var guard = new DiskGuard(settings.home(), settings.minFreeDisk(), DISK_RECHECK_NANOS, System::nanoTime);
        Gauge.builder("sift.disk.free", guard, DiskGuard::freeBytes).baseUnit("bytes")
                .description("Usable space on the disk of the embedded database").register(registry);
        Gauge.builder("sift.disk.free.minimum", settings::minFreeDisk).baseUnit("bytes")
                .description("Below this free space ingest is refused (SIFT_MIN_FREE_DISK)").register(registry);
        return guard::problem;
    }

    /** Keeps the last counts when the database does not answer: /metrics matters most during an outage. */
    /** What /readyz says, as gauges for alert rules (examples/prometheus/sift-rules.yml); evaluated per scrape. */
    private static void registerReadiness(MeterRegistry registry, Database db, Supplier<Optional<String>> refusal) {
        Gauge.builder("sift.database.reachable", () -> db.isReachable() ? 1 : 0)
                .description("1 when PostgreSQL answers, else 0").register(registry);
        Gauge.builder("sift.ready", () -> db.isReachable() && refusal.get().isEmpty() ? 1 : 0)
                .description("1 when Sift can take alerts (as /readyz says), else 0").register(registry);
    }

    private static void refreshOpenIncidents(PostgresIncidentQueries queries, MultiGauge gauge) {
        List<PostgresIncidentQueries.StatusCount> counts;
        try {
            counts = queries.openCounts();
        } catch (RuntimeException e) {
            LOG.debug("open incident counts not refreshed: {}", e.toString());
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (var c : counts) {
            rows.add(MultiGauge.Row.of(Tags.of("status", c.status(), "priority", c.priority()), c.count()));
        }
        gauge.register(rows, true);
    }

    /**
     * Reloads the rules file now, as SIGHUP does; null when Sift runs on the built-in defaults.
     *
     * @return the status afterwards: in force, or refused with the file's problems
     */
    public RulesStatus reloadRules() {
        return reloader == null ? null : reloader.reload(true);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        LOG.info("Sift is stopping");
        server.stop();
        closeQuietly(icinga2);
        closeQuietly(reloader);
        closeQuietly(effects);
        closeQuietly(delivery);
        closeQuietly(housekeeping);
        closeQuietly(writer);
        closeQuietly(database);
        closeQuietly(embedded);
        LOG.info("Sift stopped");
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
