package dev.sift.app.effect;

import dev.sift.core.journal.IncidentEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a ticket target does with an incident event, as a table: the first row that matches the event, the state of
 * the incident's ticket and whether a person owns it decides. It keeps the rules a long-running Icinga2 → RT bridge
 * taught (protocols.md §8): a ticket a person has taken is never resolved by automation — it gets a comment; a
 * ticket resolved by a person is not reopened by automation, it is commented; a new problem of an incident without
 * a ticket creates one. Unlike that bridge, a row with a wildcard covers what is not listed, and the last row
 * ignores whatever is left, so no combination falls through silently.
 */
public final class TicketPolicy {

    /** The state of the incident's ticket in the target. */
    public enum TicketState {
        NONE, ACTIVE, INACTIVE, GONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Decision {
        CREATE, COMMENT, RESOLVE, REOPEN, IGNORE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One row; null means "any".
     *
     * @param events the incident events it is for
     */
    public record Rule(List<IncidentEvent> events, TicketState ticket, Boolean owned, Decision decision,
                       String why) {
        boolean matches(IncidentEvent e, TicketState t, boolean o) {
            return (events == null || events.contains(e)) && (ticket == null || ticket == t)
                    && (owned == null || owned == o);
        }

        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("events", events == null ? "*" : events.stream().map(IncidentEvent::wireName).toList());
            m.put("ticket", ticket == null ? "*" : ticket.wireName());
            m.put("owned", owned == null ? "*" : owned);
            m.put("action", decision.wireName());
            m.put("why", why);
            return m;
        }
    }

    private static final List<IncidentEvent> CREATING = List.of(IncidentEvent.OPENED, IncidentEvent.REOPENED,
            IncidentEvent.PRIORITY_CHANGED);
    private static final List<IncidentEvent> ENDING = List.of(IncidentEvent.RESOLVED, IncidentEvent.CLOSED,
            IncidentEvent.MERGED);

    public static final TicketPolicy DEFAULT = new TicketPolicy(List.of(
            new Rule(CREATING, TicketState.NONE, null, Decision.CREATE,
                    "a new (or newly urgent enough) problem gets a ticket"),
            new Rule(null, TicketState.NONE, null, Decision.IGNORE, "no ticket: nothing to tell"),
            new Rule(null, TicketState.GONE, null, Decision.IGNORE, "the ticket was deleted elsewhere"),
            new Rule(ENDING, TicketState.ACTIVE, false, Decision.RESOLVE,
                    "nobody took the ticket: resolving the incident resolves it"),
            new Rule(ENDING, TicketState.ACTIVE, true, Decision.COMMENT,
                    "a person owns the ticket: automation never resolves it, it comments"),
            new Rule(ENDING, TicketState.INACTIVE, null, Decision.IGNORE, "the ticket is already resolved"),
            new Rule(List.of(IncidentEvent.REOPENED), TicketState.INACTIVE, false, Decision.REOPEN,
                    "the problem is back and nobody owns the ticket: it is opened again"),
            new Rule(null, null, null, Decision.COMMENT,
                    "everything else significant is a comment (RT: comment, not correspondence)")));

    private final List<Rule> rules;

    public TicketPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public Decision decide(IncidentEvent event, TicketState ticket, boolean owned) {
        return rule(event, ticket, owned).decision();
    }

    public Rule rule(IncidentEvent event, TicketState ticket, boolean owned) {
        for (Rule r : rules) {
            if (r.matches(event, ticket, owned)) {
                return r;
            }
        }
        return new Rule(null, null, null, Decision.IGNORE, "no row matched");
    }

    public List<Map<String, Object>> view() {
        List<Map<String, Object>> out = new ArrayList<>();
        rules.forEach(r -> out.add(r.view()));
        return out;
    }
}
