package dev.sift.app.effect;

import dev.sift.core.engine.Command;
import dev.sift.core.engine.Outcome;
import dev.sift.core.incident.Incident;
import dev.sift.core.port.CommandQueue;
import dev.sift.core.workflow.Action;
import dev.sift.storage.PostgresEffects;
import dev.sift.storage.PostgresEngineStore;
import dev.sift.storage.PostgresExternalTickets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Sift's tickets in each ticket system (RT: REST2 TicketSQL {@code LastUpdated >} the last round, every
 * {@code watchInterval}) and brings back what people did there: a ticket someone took (owner no longer Nobody), or
 * whose status a person changed while it stays active, acknowledges the incident in Sift as that person — from then
 * on automation comments instead of resolving, on both sides. A ticket resolved by a person is noted on the
 * timeline; the incident stays open while its alerts fire. A deleted ticket is noted and no longer followed, a
 * merged one is followed to the ticket it went into (found by reading a few followed tickets each round).
 *
 * <p>The mapping holds what the ticket looked like when Sift last touched or saw it, so a change is acted on once
 * however often the rounds overlap (they do, by a minute, since RT's dates are whole seconds).
 */
public final class TicketWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TicketWatcher.class);
    private static final Duration OVERLAP = Duration.ofMinutes(1);
    private static final Duration FIRST_LOOK_BACK = Duration.ofHours(1);
    private static final Duration TICK = Duration.ofMillis(200);
    /**
     * Tickets read one by one per round, in turn: RT's search never returns deleted tickets, and a merge shows only
     * on the ticket itself, so each followed ticket is looked at now and then.
     */
    private static final int SWEEP = 5;

    private final PostgresEffects effects;
    private final PostgresExternalTickets tickets;
    private final EffectTargets targets;
    private final PostgresEngineStore incidents;
    private final CommandQueue writer;
    private final Clock clock;
    private final Map<Long, Instant> nextRound = new HashMap<>();
    /** Per target: where the sweep goes on (an incident id; the next round starts after it). */
    private final Map<Long, Long> sweptUpTo = new HashMap<>();
    private final Object wake = new Object();
    private volatile boolean running = true;
    private Thread thread;

    public TicketWatcher(PostgresEffects effects, PostgresExternalTickets tickets, EffectTargets targets,
                         PostgresEngineStore incidents, CommandQueue writer, Clock clock) {
        this.effects = effects;
        this.tickets = tickets;
        this.targets = targets;
        this.incidents = incidents;
        this.writer = writer;
        this.clock = clock;
    }

    public TicketWatcher start() {
        thread = Thread.ofPlatform().name("sift-ticket-watcher").daemon().unstarted(this::run);
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                round();
            } catch (RuntimeException e) {
                LOG.warn("ticket watch round failed, will retry: {}", e.getMessage());
            }
            synchronized (wake) {
                if (!running) {
                    return;
                }
                try {
                    wake.wait(TICK.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One look at every ticket system that is due. */
    void round() {
        for (PostgresEffects.Target t : effects.targets()) {
            if (!"rt".equals(t.kind()) && !"zammad".equals(t.kind())) {
                continue; // only ticket systems with a client are watched
            }
            Instant now = clock.instant();
            if (now.isBefore(nextRound.getOrDefault(t.id(), Instant.MIN))) {
                continue;
            }
            nextRound.put(t.id(), now.plus(EffectTargets.watchInterval(t)));
            watch(t, now);
        }
    }

    private void watch(PostgresEffects.Target t, Instant now) {
        Instant since = (t.watchedUntil() == null ? now.minus(FIRST_LOOK_BACK) : t.watchedUntil()).minus(OVERLAP);
        List<TicketClient.Ticket> changed;
        TicketClient client = targets.client(t);
        try {
            changed = client.changedSince(since);
        } catch (EffectFailed e) {
            effects.targetFailed(t.id(), clock.instant(), "watching: " + e.getMessage());
            return;
        }
        for (TicketClient.Ticket ticket : changed) {
            if (ticket.incidentId() > 0) {
                seen(t, client, ticket);
            }
        }
        try {
            sweep(t, client);
        } catch (EffectFailed e) {
            effects.targetFailed(t.id(), clock.instant(), "watching: " + e.getMessage());
            return;
        }
        effects.watched(t.id(), now);
        effects.targetSucceeded(t.id(), clock.instant());
    }

    /** Reads the next few followed tickets: a deleted one is let go, a merged one followed to where it went. */
    private void sweep(PostgresEffects.Target t, TicketClient client) throws EffectFailed {
        List<PostgresExternalTickets.Mapping> all = tickets.watched(t.id());
        long after = sweptUpTo.getOrDefault(t.id(), 0L);
        List<PostgresExternalTickets.Mapping> next = all.stream().filter(m -> m.incidentId() > after).limit(SWEEP)
                .toList();
        if (next.size() < SWEEP) { // wrap around
            next = new java.util.ArrayList<>(next);
            for (PostgresExternalTickets.Mapping m : all) {
                if (next.size() >= SWEEP || m.incidentId() > after) {
                    break;
                }
                next.add(m);
            }
        }
        for (PostgresExternalTickets.Mapping m : next) {
            sweptUpTo.put(t.id(), m.incidentId());
            Optional<TicketClient.Ticket> now = client.get(m.ticketId());
            Instant at = clock.instant();
            String name = client.label() + " ticket #" + m.ticketId();
            if (now.isEmpty()) {
                tickets.gone(m.incidentId(), t.id(), name + " no longer exists", at);
                effects.timeline(m.incidentId(), at, name + " no longer exists in " + t.name()
                        + "; Sift no longer follows it");
            } else if (!now.get().id().equals(m.ticketId())) {
                TicketClient.Ticket merged = now.get();
                tickets.ticket(m.incidentId(), t.id(), merged.id(), merged.url(), merged.status(), merged.owner(), at);
                effects.timeline(m.incidentId(), at, name + " was merged into #" + merged.id() + " in " + t.name()
                        + "; Sift follows #" + merged.id());
            } else {
                seen(t, client, now.get());
            }
        }
    }

    private void seen(PostgresEffects.Target t, TicketClient client, TicketClient.Ticket ticket) {
        long incident = ticket.incidentId();
        if (incident == 0) {
            return;
        }
        Optional<PostgresExternalTickets.Mapping> found = tickets.find(incident, t.id());
        if (found.isEmpty() || !ticket.id().equals(found.get().ticketId()) || "gone".equals(found.get().syncState())) {
            return; // not the ticket Sift follows for it (yet)
        }
        PostgresExternalTickets.Mapping m = found.get();
        boolean taken = m.owner() == null && ticket.owner() != null;
        boolean statusChanged = !Objects.equals(m.status(), ticket.status());
        if (!taken && !statusChanged) {
            return;
        }
        Instant at = clock.instant();
        String name = client.label() + " ticket #" + ticket.id();
        if (ticket.deleted()) {
            tickets.gone(incident, t.id(), name + " was deleted", at);
            effects.timeline(incident, at, name + " was deleted in " + t.name() + by(ticket)
                    + "; Sift no longer follows it");
            return;
        }
        if (taken) {
            if (acknowledge(incident, ticket.owner())) { // else: the mapping stays as it was, the next round retries
                tickets.synced(incident, t.id(), ticket.status(), ticket.owner(), at);
                effects.timeline(incident, at, ticket.owner() + " took " + name + " in " + t.name());
            }
        } else if (ticket.active()) {
            String person = ticket.owner() != null ? ticket.owner() : ticket.updatedBy();
            if (person == null || acknowledge(incident, person)) {
                tickets.synced(incident, t.id(), ticket.status(), ticket.owner(), at);
                effects.timeline(incident, at, name + " in " + t.name() + " is " + ticket.status() + " now"
                        + by(ticket));
            }
        } else {
            tickets.synced(incident, t.id(), ticket.status(), ticket.owner(), at);
            Optional<Incident> i = incidents.findIncident(incident);
            boolean open = i.isPresent() && i.get().status().isOpen()
                    && i.get().status() != dev.sift.core.incident.IncidentStatus.RESOLVED;
            effects.timeline(incident, at, name + " was " + ticket.status() + " in " + t.name() + by(ticket)
                    + (open ? " while its alerts still fire; the incident stays open" : ""));
        }
    }

    private static String by(TicketClient.Ticket t) {
        return t.updatedBy() == null ? "" : " by " + t.updatedBy();
    }

    /**
     * The person acknowledges the incident in Sift. A refusal (the incident is closed, or already acknowledged by
     * that person) counts as done: only a failure to commit is tried again.
     */
    private boolean acknowledge(long incident, String person) {
        try {
            List<Outcome> out = writer.submit(List.of(new Command.Act(incident, person, new Action.Acknowledge())))
                    .get(30, TimeUnit.SECONDS);
            LOG.info("incident #{} acknowledged by {} from its ticket: {}", incident, person, out.getFirst());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warn("incident #{}: acknowledging by {} from its ticket failed, the next round tries again: {}",
                    incident, person, e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
