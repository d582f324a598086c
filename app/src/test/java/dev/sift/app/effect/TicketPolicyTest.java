package dev.sift.app.effect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.app.effect.TicketPolicy.Decision;
import dev.sift.app.effect.TicketPolicy.TicketState;
import dev.sift.core.journal.IncidentEvent;
import org.junit.jupiter.api.Test;

/** The default ticket policy keeps the rules the Icinga2 → RT bridge taught (protocols.md §8.4, §8.5). */
class TicketPolicyTest {
    final TicketPolicy policy = TicketPolicy.DEFAULT;

    @Test
    void aNewProblemCreatesATicketAndNothingElseDoes() {
        assertThat(policy.decide(IncidentEvent.OPENED, TicketState.NONE, false)).isEqualTo(Decision.CREATE);
        assertThat(policy.decide(IncidentEvent.REOPENED, TicketState.NONE, false)).isEqualTo(Decision.CREATE);
        assertThat(policy.decide(IncidentEvent.ALL_ALERTS_RECOVERED, TicketState.NONE, false))
                .isEqualTo(Decision.IGNORE);
        assertThat(policy.decide(IncidentEvent.RESOLVED, TicketState.NONE, false)).isEqualTo(Decision.IGNORE);
    }

    @Test
    void aTicketAPersonOwnsIsNeverResolvedByAutomationOnlyCommented() {
        assertThat(policy.decide(IncidentEvent.RESOLVED, TicketState.ACTIVE, false)).isEqualTo(Decision.RESOLVE);
        assertThat(policy.decide(IncidentEvent.RESOLVED, TicketState.ACTIVE, true)).isEqualTo(Decision.COMMENT);
        assertThat(policy.decide(IncidentEvent.CLOSED, TicketState.ACTIVE, true)).isEqualTo(Decision.COMMENT);
        assertThat(policy.decide(IncidentEvent.ALL_ALERTS_RECOVERED, TicketState.ACTIVE, true))
                .isEqualTo(Decision.COMMENT);
        assertThat(policy.decide(IncidentEvent.ALL_ALERTS_RECOVERED, TicketState.ACTIVE, false))
                .isEqualTo(Decision.COMMENT);
    }

    @Test
    void aTicketResolvedByAPersonIsNotReopenedBehindTheirBackOnlyWhenTheProblemIsBackAndNobodyOwnsIt() {
        assertThat(policy.decide(IncidentEvent.ALERTS_JOINED, TicketState.INACTIVE, true)).isEqualTo(Decision.COMMENT);
        assertThat(policy.decide(IncidentEvent.RESOLVED, TicketState.INACTIVE, false)).isEqualTo(Decision.IGNORE);
        assertThat(policy.decide(IncidentEvent.REOPENED, TicketState.INACTIVE, false)).isEqualTo(Decision.REOPEN);
        assertThat(policy.decide(IncidentEvent.REOPENED, TicketState.INACTIVE, true)).isEqualTo(Decision.COMMENT);
        assertThat(policy.decide(IncidentEvent.OPENED, TicketState.GONE, false)).isEqualTo(Decision.IGNORE);
    }

    @Test
    void everyCombinationHasARowAndTheTableReadsAsData() {
        for (IncidentEvent e : IncidentEvent.values()) {
            for (TicketState t : TicketState.values()) {
                for (boolean owned : new boolean[] {false, true}) {
                    assertThat(policy.rule(e, t, owned).why()).isNotEqualTo("no row matched");
                }
            }
        }
        assertThat(policy.view().getFirst()).containsEntry("action", "create").containsEntry("ticket", "none");
        assertThat(policy.view().getLast()).containsEntry("events", "*").containsEntry("action", "comment");
    }
}
