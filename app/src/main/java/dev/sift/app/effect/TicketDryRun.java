package dev.sift.app.effect;

import dev.sift.app.effect.TicketPolicy.Decision;
import dev.sift.app.effect.TicketPolicy.TicketState;
import dev.sift.core.journal.JournalEntry;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The ticket policy as a dry run over the effect journal (for {@code ./sift replay}): what one ticket system would
 * have been told if nobody in it took a ticket — tickets created, comments, resolves, reopens — and how many
 * tickets would still be open at the end. No ticket system is called.
 */
public final class TicketDryRun {
    private final TicketPolicy policy;
    private final Map<Long, TicketState> tickets = new HashMap<>();
    private final Map<Decision, Integer> counts = new EnumMap<>(Decision.class);

    /** @param stillOpen tickets active at the end */
    public record Summary(int created, int comments, int resolved, int reopened, int ignored, int stillOpen) {
        public String text() {
            return "tickets (dry run of the ticket policy: one ticket system, nobody takes a ticket): " + created
                    + " created, " + comments + " comments, " + resolved + " resolved, " + reopened + " reopened, "
                    + ignored + " events ignored; " + stillOpen + " still open";
        }
    }

    public TicketDryRun() {
        this(TicketPolicy.DEFAULT);
    }

    TicketDryRun(TicketPolicy policy) {
        this.policy = policy;
    }

    public void observe(Collection<JournalEntry> entries) {
        for (JournalEntry e : entries) {
            TicketState state = tickets.getOrDefault(e.incidentId(), TicketState.NONE);
            Decision d = policy.decide(e.event(), state, false);
            counts.merge(d, 1, Integer::sum);
            switch (d) {
                case CREATE, REOPEN -> tickets.put(e.incidentId(), TicketState.ACTIVE);
                case RESOLVE -> tickets.put(e.incidentId(), TicketState.INACTIVE);
                case COMMENT, IGNORE -> { }
            }
        }
    }

    public Summary summary() {
        int open = (int) tickets.values().stream().filter(s -> s == TicketState.ACTIVE).count();
        return new Summary(count(Decision.CREATE), count(Decision.COMMENT), count(Decision.RESOLVE),
                count(Decision.REOPEN), count(Decision.IGNORE), open);
    }

    private int count(Decision d) {
        return counts.getOrDefault(d, 0);
    }
}
