package dev.sift.app.effect;

import dev.sift.app.effect.TicketPolicy.Decision;
import dev.sift.app.effect.TicketPolicy.TicketState;
import dev.sift.core.journal.JournalEntry;
import dev.sift.storage.PostgresEffects;
import dev.sift.storage.PostgresExternalTickets;
import java.time.Clock;
import java.util.Optional;

/**
 * Delivers journal entries to a ticket system: looks at the incident's ticket there (as it is now: owned? still
 * active?), asks the {@link TicketPolicy}, and creates, comments, resolves or reopens. A ticket is created only
 * after its mapping is stored (state creating) and a search for the marker found none, so a retry after a crash or
 * a lost answer finds the ticket it made instead of making a second.
 */
final class TicketSync implements EffectHandler {
    private final PostgresExternalTickets tickets;
    private final TicketPolicy policy;
    private final Clock clock;
    private final EffectTargets setup;

    TicketSync(EffectTargets setup, PostgresExternalTickets tickets, TicketPolicy policy, Clock clock) {
        this.setup = setup;
        this.tickets = tickets;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Delivered deliver(PostgresEffects.Target target, JournalEntry e) throws EffectFailed {
        TicketClient client = setup.client(target);
        long incident = e.incidentId();
        try {
            return deliver(target, e, client, incident);
        } catch (EffectFailed x) {
            tickets.failing(incident, target.id(), x.getMessage());
            throw x;
        }
    }

    private Delivered deliver(PostgresEffects.Target target, JournalEntry e, TicketClient client, long incident)
            throws EffectFailed {
        Optional<PostgresExternalTickets.Mapping> mapping = tickets.find(incident, target.id());
        if (mapping.isEmpty() || mapping.get().ticketId() == null) {
            Decision d = policy.decide(e.event(), TicketState.NONE, false);
            if (d != Decision.CREATE || !setup.wants(target, e)) {
                return new Delivered(Decision.IGNORE.wireName(), null);
            }
            tickets.creating(incident, target.id(), clock.instant()); // before anything can happen twice
            Optional<TicketClient.Ticket> found = client.findMarked(incident);
            if (found.isPresent()) {
                TicketClient.Ticket t = found.get();
                tickets.ticket(incident, target.id(), t.id(), t.url(), t.status(), t.owner(), clock.instant());
                return new Delivered("found", client.label() + " ticket #" + t.id() + " in " + target.name()
                        + " found by its marker (made by an earlier attempt): " + t.url());
            }
            TicketClient.Ticket t = client.create(e);
            tickets.ticket(incident, target.id(), t.id(), t.url(), t.status(), t.owner(), clock.instant());
            return new Delivered(Decision.CREATE.wireName(), client.label() + " ticket #" + t.id() + " created in "
                    + target.name() + ": " + t.url());
        }
        PostgresExternalTickets.Mapping m = mapping.get();
        if ("gone".equals(m.syncState())) {
            return new Delivered(Decision.IGNORE.wireName(), null);
        }
        Optional<TicketClient.Ticket> now = client.get(m.ticketId());
        if (now.isEmpty() || now.get().deleted()) {
            tickets.gone(incident, target.id(), client.label() + " ticket #" + m.ticketId() + " was deleted",
                    clock.instant());
            return new Delivered(Decision.IGNORE.wireName(), client.label() + " ticket #" + m.ticketId() + " in "
                    + target.name() + " was deleted there; Sift no longer follows it");
        }
        TicketClient.Ticket t = now.get();
        String note = null;
        if (!t.id().equals(m.ticketId())) { // merged into another ticket: the mapping follows it
            tickets.ticket(incident, target.id(), t.id(), t.url(), t.status(), t.owner(), clock.instant());
            note = client.label() + " ticket #" + m.ticketId() + " was merged into #" + t.id() + "; Sift follows #"
                    + t.id();
        }
        Decision d = policy.decide(e.event(), t.active() ? TicketState.ACTIVE : TicketState.INACTIVE,
                t.owner() != null);
        String text = TicketText.comment(e);
        String said = switch (d) {
            case COMMENT -> {
                client.comment(t.id(), text);
                yield null; // comments are routine: the timeline stays quiet
            }
            case RESOLVE -> {
                client.resolve(t.id(), text);
                yield client.label() + " ticket #" + t.id() + " resolved";
            }
            case REOPEN -> {
                client.reopen(t.id(), text);
                yield client.label() + " ticket #" + t.id() + " opened again";
            }
            case CREATE, IGNORE -> null;
        };
        TicketClient.Ticket after = d == Decision.RESOLVE || d == Decision.REOPEN
                ? client.get(t.id()).orElse(t) : t;
        tickets.synced(incident, target.id(), after.status(), after.owner(), clock.instant());
        if (d == Decision.COMMENT && t.owner() != null && (e.event().name().equals("RESOLVED")
                || e.event().name().equals("CLOSED"))) {
            said = client.label() + " ticket #" + t.id() + " left open: " + t.owner() + " owns it (commented)";
        }
        return new Delivered(d.wireName(), note == null ? said : said == null ? note : note + "; " + said);
    }
}
