package dev.sift.core.engine;

import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.incident.Priority;
import dev.sift.core.journal.JournalEntry;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The effect journal: what external systems hear of an incident's life, one entry per significant event, with the
 * actor, the incident as it was then, and a key that is the same whenever the same thing happens at the same
 * instant (a batch written twice adds nothing).
 */
class JournalTest {
    final EngineDriver sift = new EngineDriver(EngineDriver.ALONE);

    static final Map<String, String> WEB = labels("alertname", "WebDown", "team", "web", "severity", "warning");

    List<String> journaled() {
        return sift.journal().stream().map(e -> "#" + e.incidentId() + " " + e.event().wireName() + " by " + e.actor())
                .toList();
    }

    @Test
    void aPersonsWorkAndTheAlertsLifeAreJournaledInOrder() {
        long id = sift.ingest(firing(WEB, null)).incidentId();
        sift.act(id, "alice", new Action.Comment("looking"));
        sift.act(id, "alice", new Action.SetPriority(Priority.P1));
        sift.act(id, "alice", new Action.Snooze(EngineDriver.START.plus(Duration.ofMinutes(30))));
        sift.advanceAndTick(Duration.ofMinutes(31));
        sift.act(id, "bob", new Action.Acknowledge());
        sift.act(id, "bob", new Action.Assign("carol"));
        sift.ingest(resolved(WEB, null));
        sift.act(id, "carol", new Action.Resolve("fixed"));
        sift.act(id, "carol", new Action.Close(null));

        assertThat(journaled()).containsExactly(
                "#1 opened by system",
                "#1 commented by alice",
                "#1 priority-changed by alice",
                "#1 snoozed by alice",
                "#1 snooze-ended by system",
                "#1 acknowledged by bob",
                "#1 assigned by bob",
                "#1 all-alerts-recovered by system",
                "#1 resolved by carol",
                "#1 closed by carol");
        JournalEntry snoozed = sift.journal().get(3);
        assertThat(snoozed.snoozedUntil()).isEqualTo(EngineDriver.START.plus(Duration.ofMinutes(30)));
        JournalEntry priority = sift.journal().get(2);
        assertThat(priority.priority()).isEqualTo(Priority.P1);
        assertThat(priority.message()).startsWith("priority P3 → P1");
        assertThat(sift.journal().get(1).message()).isEqualTo("looking");
        assertThat(sift.journal().get(5).assignee()).isEqualTo("bob");
    }

    @Test
    void theFirstEntryCarriesTheIncidentAsItWasAndAStableKey() {
        sift.ingest(firing(WEB, null));
        JournalEntry opened = sift.journal().getFirst();
        assertThat(opened.title()).isEqualTo("WebDown");
        assertThat(opened.status()).isEqualTo("triggered");
        assertThat(opened.priority()).isEqualTo(Priority.P3);
        assertThat(opened.labels()).containsEntry("team", "web");
        assertThat(opened.at()).isEqualTo(EngineDriver.START);
        Instant at = EngineDriver.START;
        assertThat(opened.key()).isEqualTo("1-opened-" + at.getEpochSecond() + ".0-" + 1);
    }

    @Test
    void aSeverityThatRaisesThePriorityIsJournaledOnceAsAPriorityChange() {
        long id = sift.ingest(firing(WEB, null)).incidentId();
        sift.ingest(firing(labels("alertname", "WebDown", "team", "web", "severity", "critical"), null));
        // the same alert (same labels but severity): a new alert in this engine; without grouping it opens its own
        assertThat(sift.journal()).extracting(e -> e.event().wireName()).contains("opened");
        sift.act(id, "alice", new Action.SetPriority(Priority.P3)); // no change: nothing journaled about priority
        assertThat(journaled()).doesNotContain("#1 priority-changed by alice");
    }
}
