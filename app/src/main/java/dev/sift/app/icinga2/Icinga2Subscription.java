package dev.sift.app.icinga2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sift.app.icinga2.Icinga2Client.Icinga2Failure;
import dev.sift.app.icinga2.Icinga2Events.Acknowledged;
import dev.sift.app.icinga2.Icinga2Events.DowntimeBegan;
import dev.sift.app.icinga2.Icinga2Events.DowntimeEnded;
import dev.sift.app.icinga2.Icinga2Events.Ignored;
import dev.sift.app.icinga2.Icinga2Events.Problem;
import dev.sift.app.icinga2.Icinga2Events.Reaction;
import dev.sift.app.icinga2.Icinga2Events.Recovery;
import dev.sift.core.alert.Source;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Outcome;
import dev.sift.core.integration.ConnectionHealth;
import dev.sift.core.integration.Icinga2Connection;
import dev.sift.core.integration.Integration;
import dev.sift.core.port.CommandQueue;
import dev.sift.core.port.SilenceQueries;
import dev.sift.core.port.SourceAlerts;
import dev.sift.core.signal.RawSignal;
import dev.sift.core.silence.Silence;
import dev.sift.core.silence.SilenceState;
import dev.sift.core.workflow.Action;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Icinga2 integration's connection: subscribe to the event stream (one named queue), reconcile with the current
 * problems, then apply events as they come; on any failure or end of the stream, reconnect with exponential backoff
 * and reconcile again. Events missed while disconnected are lost by Icinga2 (no replay), so reconciling after every
 * (re)connect is what makes sure nothing is lost or duplicated. Everything goes through the single writer, one
 * command at a time, waiting for its commit: a failed commit drops the connection, and the next reconcile repairs.
 */
final class Icinga2Subscription implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Icinga2Subscription.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> TYPES = List.of("StateChange", "AcknowledgementSet", "DowntimeStarted",
            "DowntimeTriggered", "DowntimeRemoved");
    /** The prefix of the actor of an acknowledgement set in Icinga2: {@code icinga2:<author>}. */
    static final String ACTOR_PREFIX = "icinga2:";
    private static final long COMMIT_WAIT_SECONDS = 30;
    private static final List<String> HOST_ATTRS = List.of("name", "state", "state_type", "last_check_result",
            "last_hard_state_change", "acknowledgement");
    private static final List<String> SERVICE_ATTRS = List.of("name", "host_name", "state", "state_type",
            "last_check_result", "last_hard_state_change", "acknowledgement");
    private static final List<String> COMMENT_ATTRS = List.of("author", "entry_type", "host_name", "service_name");
    private static final List<String> DOWNTIME_ATTRS = List.of("name", "host_name", "service_name",
            "author", "comment", "fixed", "start_time", "end_time", "trigger_time", "duration", "was_cancelled");

    private final Integration integration;
    private final Icinga2Connection connection;
    private final CommandQueue queue;
    private final SourceAlerts alerts;
    private final SilenceQueries silences;
    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile InputStream stream;
    private volatile ConnectionHealth health = new ConnectionHealth(false, null, null, null, null, null);

    Icinga2Subscription(Integration integration, Icinga2Connection connection, CommandQueue queue,
                        SourceAlerts alerts, SilenceQueries silences, Clock clock, Duration initialBackoff,
                        Duration maxBackoff) {
        this.integration = integration;
        this.connection = connection;
        this.queue = queue;
        this.alerts = alerts;
        this.silences = silences;
        this.clock = clock;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.thread = Thread.ofPlatform().daemon().name("icinga2-" + integration.name()).unstarted(this::run);
    }

    Icinga2Subscription start() {
        thread.start();
        return this;
    }

    ConnectionHealth health() {
        return health;
    }

    /** The named queue: Icinga2 versions before 2.16 require one; stable per integration. */
    String queueName() {
        return "sift-" + integration.name();
    }

    private void run() {
        Duration backoff = initialBackoff;
        Icinga2Client client = null;
        while (closing.getCount() > 0) {
            try {
                if (client == null) { // made here, so that a caFile that cannot be read shows as the last error
                    client = new Icinga2Client(connection);
                }
                try (InputStream in = client.events(queueName(), TYPES)) {
                    stream = in;
                    Instant now = clock.instant();
                    health = new ConnectionHealth(true, now, health.lastEventAt(), health.lastReconciledAt(),
                            health.lastError(), health.lastErrorAt());
                    LOG.info("icinga2 '{}': subscribed to {} (queue {})", integration.name(), connection.url(),
                            queueName());
                    // Subscribed first, then reconciled: what changes meanwhile waits in the stream, and is newer
                    reconcile(client);
                    backoff = initialBackoff;
                    read(in);
                }
                if (closing.getCount() > 0) {
                    failed("the event stream ended (Icinga2 restarted or reloaded?); reconnecting");
                }
            } catch (Icinga2Failure | RuntimeException | IOException e) {
                if (closing.getCount() == 0) {
                    break;
                }
                failed(e.getMessage() == null ? e.toString() : e.getMessage());
                LOG.debug("icinga2 '{}' failure", integration.name(), e);
            } finally {
                stream = null;
            }
            try {
                if (closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
        health = new ConnectionHealth(false, clock.instant(), health.lastEventAt(), health.lastReconciledAt(),
                health.lastError(), health.lastErrorAt());
    }

    private void failed(String message) {
        Instant now = clock.instant();
        if (message.equals(health.lastError())) { // the same failure on every retry: said once is enough
            LOG.debug("icinga2 '{}': {}", integration.name(), message);
        } else {
            LOG.warn("icinga2 '{}': {}", integration.name(), message);
        }
        health = new ConnectionHealth(false, health.connected() ? now : health.since(), health.lastEventAt(),
                health.lastReconciledAt(), message, now);
    }

    private void read(InputStream in) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            Instant now = clock.instant();
            health = new ConnectionHealth(true, health.since(), now, health.lastReconciledAt(), health.lastError(),
                    health.lastErrorAt());
            JsonNode event = JSON.readTree(line); // a broken line ends the stream: reconnect and reconcile
            apply(Icinga2Events.of(event), line);
        }
    }

    /**
     * Opens what Icinga2 has as a HARD problem and Sift does not, resolves what Sift has firing for this
     * integration and Icinga2 no longer has. Problems already firing in Sift are left alone (no repeat counted).
     * Then acknowledgements and downtimes: an acknowledged problem acknowledges its incident if nobody took it
     * yet, a downtime in effect has its silence, and a downtime silence whose downtime is gone expires. These two
     * need the ApiUser to query comments and downtimes; without that permission they are left out (logged).
     */
    void reconcile(Icinga2Client client) throws Icinga2Failure {
        Set<String> firing = new HashSet<>(alerts.firingDedupKeys(integration.id()));
        Set<String> problems = new HashSet<>();
        Set<String> acknowledged = new HashSet<>();
        int opened = 0;
        int resolved = 0;
        for (String type : List.of("hosts", "services")) {
            List<JsonNode> objects = client.objects(type, type.equals("hosts") ? HOST_ATTRS : SERVICE_ATTRS)
                    .orElseThrow(() -> new Icinga2Failure("the ApiUser may not query " + type + " (it needs the"
                            + " permission objects/query/" + (type.equals("hosts") ? "Host" : "Service")
                            + "), so Sift cannot reconcile; see docs/connectors.md", null));
            for (JsonNode object : objects) {
                Optional<Problem> p = Icinga2Events.ofObject(object);
                if (p.isEmpty()) {
                    continue;
                }
                problems.add(p.get().object());
                if (Icinga2Events.acknowledged(object)) {
                    acknowledged.add(p.get().object());
                }
                if (!firing.contains(p.get().object())) {
                    submit(new Command.Ingest(Icinga2Events.firing(p.get(), integration)), object.toString());
                    opened++;
                }
            }
        }
        Instant now = clock.instant();
        for (String object : firing) {
            if (!problems.contains(object)) {
                submit(new Command.Ingest(Icinga2Events.resolved(object, now, integration)), null);
                resolved++;
            }
        }
        if (!acknowledged.isEmpty()) {
            Map<String, String> authors = client.objects("comments", COMMENT_ATTRS)
                    .map(Icinga2Events::acknowledgementAuthors).orElseGet(() -> {
                        LOG.info("icinga2 '{}': the ApiUser may not query comments (objects/query/Comment), so"
                                + " acknowledgements found on reconnecting have no author", integration.name());
                        return Map.of();
                    });
            for (String object : acknowledged) {
                acknowledge(new Acknowledged(object, authors.getOrDefault(object, ""), ""));
            }
        }
        Optional<List<JsonNode>> downtimes = client.objects("downtimes", DOWNTIME_ATTRS);
        if (downtimes.isPresent()) {
            reconcileDowntimes(downtimes.get());
        } else {
            LOG.info("icinga2 '{}': the ApiUser may not query downtimes (objects/query/Downtime), so downtimes"
                    + " that began or ended while disconnected are not reconciled", integration.name());
        }
        health = new ConnectionHealth(health.connected(), health.since(), health.lastEventAt(), clock.instant(),
                health.lastError(), health.lastErrorAt());
        LOG.info("icinga2 '{}': reconciled with {} current problems: {} opened, {} resolved", integration.name(),
                problems.size(), opened, resolved);
    }

    private void reconcileDowntimes(List<JsonNode> downtimes) {
        Instant now = clock.instant();
        List<DowntimeBegan> inEffect = new ArrayList<>();
        for (JsonNode d : downtimes) {
            Icinga2Events.ofDowntimeObject(d, now).ifPresent(inEffect::add);
        }
        for (DowntimeBegan d : inEffect) {
            silence(d);
        }
        for (Silence s : downtimeSilences()) {
            boolean stillThere = inEffect.stream().anyMatch(d -> isFor(s, d.name()));
            if (!stillThere) {
                submit(new Command.ExpireSilence(s.id(), integration.actor()), null);
            }
        }
    }

    private void apply(Reaction reaction, String line) {
        switch (reaction) {
            case Problem p -> submit(new Command.Ingest(Icinga2Events.firing(p, integration)), line);
            case Recovery r -> submit(new Command.Ingest(Icinga2Events.resolved(r.object(), r.at(), integration)),
                    line);
            case Acknowledged a -> acknowledge(a);
            case DowntimeBegan d -> silence(d);
            case DowntimeEnded d -> unsilence(d);
            case Ignored i -> LOG.debug("icinga2 '{}': {}", integration.name(), i.why());
        }
    }

    /** As a person would through the API: the incident is taken by {@code icinga2:<author>}. */
    private void acknowledge(Acknowledged a) {
        Optional<Long> incident = alerts.untakenIncidentOfFiring(integration.id(), a.object());
        if (incident.isEmpty()) { // also when a person took it already: an Icinga2 ack does not take it over
            LOG.debug("icinga2 '{}': acknowledgement of {} has no untaken incident", integration.name(),
                    a.object());
            return;
        }
        String actor = ACTOR_PREFIX + (a.author().isBlank() ? "(unknown)" : a.author());
        Outcome o = submit(new Command.Act(incident.get(), actor, new Action.Acknowledge()), null);
        if (o instanceof Outcome.Rejected r) { // such as an incident already resolved: nothing to take
            LOG.info("icinga2 '{}': acknowledgement of {} by {} not applied to #{}: {}", integration.name(),
                    a.object(), actor, incident.get(), r.message());
        }
    }

    private void silence(DowntimeBegan d) {
        if (!d.endsAt().isAfter(clock.instant()) || activeSilence(d.name()).isPresent()) {
            return; // over already, or silenced by its start (a fixed downtime reports both start and trigger)
        }
        submit(new Command.CreateSilence(Icinga2Events.silenceMatchers(d, integration), null, d.endsAt(),
                integration.actor(), Icinga2Events.silenceComment(d)), null);
    }

    private void unsilence(DowntimeEnded d) {
        activeSilence(d.name()).ifPresent(s ->
                submit(new Command.ExpireSilence(s.id(), integration.actor()), null));
    }

    private Optional<Silence> activeSilence(String downtime) {
        return downtimeSilences().stream().filter(s -> isFor(s, downtime)).findFirst();
    }

    /** The active silences this integration made for downtimes. */
    private List<Silence> downtimeSilences() {
        String prefix = Icinga2Events.marker("");
        return silences.silences(SilenceState.ACTIVE, clock.instant(), 1000).stream()
                .filter(s -> integration.actor().equals(s.createdBy()) && s.comment() != null
                        && s.comment().startsWith(prefix))
                .toList();
    }

    private static boolean isFor(Silence s, String downtime) {
        String marker = Icinga2Events.marker(downtime);
        return s.comment().equals(marker) || s.comment().startsWith(marker + " ");
    }

    /** Waits for the commit; any failure ends the connection (and the reconcile after reconnecting repairs). */
    private Outcome submit(Command command, String raw) {
        RawSignal evidence = raw == null ? null
                : new RawSignal(Source.ICINGA2, integration.id(), clock.instant(), raw, 1);
        try {
            return queue.submit(List.of(command), evidence).get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS).getFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while committing", e);
        } catch (Exception e) {
            throw new IllegalStateException("Sift could not commit an Icinga2 event (" + e + "); reconnecting to"
                    + " reconcile", e);
        }
    }

    /** Stops: ends the stream now and waits (bounded) for the thread. */
    @Override
    public void close() {
        closing.countDown();
        InputStream in = stream;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing only to unblock the reader
            }
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
