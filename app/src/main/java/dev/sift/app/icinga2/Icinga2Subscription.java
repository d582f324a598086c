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
import java.util.HashSet;
import java.util.List;
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
        while (closing.getCount() > 0) {
            try {
                Icinga2Client client = new Icinga2Client(connection);
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
     */
    void reconcile(Icinga2Client client) throws Icinga2Failure {
        Set<String> firing = new HashSet<>(alerts.firingDedupKeys(integration.id()));
        Set<String> problems = new HashSet<>();
        int opened = 0;
        int resolved = 0;
        for (String type : List.of("hosts", "services")) {
            for (JsonNode object : client.objects(type)) {
                Optional<Problem> p = Icinga2Events.ofObject(object);
                if (p.isEmpty()) {
                    continue;
                }
                problems.add(p.get().object());
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
        health = new ConnectionHealth(health.connected(), health.since(), health.lastEventAt(), now,
                health.lastError(), health.lastErrorAt());
        LOG.info("icinga2 '{}': reconciled with {} current problems: {} opened, {} resolved", integration.name(),
                problems.size(), opened, resolved);
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
        String marker = Icinga2Events.marker(downtime);
        return silences.silences(SilenceState.ACTIVE, clock.instant(), 1000).stream()
                .filter(s -> integration.actor().equals(s.createdBy()) && s.comment() != null
                        && (s.comment().equals(marker) || s.comment().startsWith(marker + " ")))
                .findFirst();
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
