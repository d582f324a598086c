package dev.sift.core.engine;

import static dev.sift.core.engine.EngineDriver.START;
import static dev.sift.core.engine.Signals.diskFull;
import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.resolveEvent;
import static dev.sift.core.engine.Signals.resolved;
import static dev.sift.core.engine.Signals.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A restart: storage holds what the engine reported through {@link Changes}; a fresh engine restored from it must
 * carry on as if nothing happened: same deadlines, same deduplication, numbering without gaps or reuse.
 */
class RestoreTest {
    private static final Instant SNOOZE_END = START.plus(Duration.ofHours(3));

    private final EngineDriver before = new EngineDriver();
    private EngineState stored;
    private EngineDriver after;

    /**
     * #1 DiskFull db1 snoozed until START+3h (its alert expires at START+12h); #2 DiskFull db2 resolved at
     * START+10m (closes at START+24h10m); #3 an event acknowledged by bob; #4 DiskFull db4 closed by carol.
     */
    @BeforeEach
    void runSomeCommandsThenRestart() {
        before.ingest(firing(diskFull("db1"), START));
        before.ingest(firing(diskFull("db2"), START));
        before.ingest(trigger(7, "api-down", "API down", "critical"));
        before.ingest(firing(diskFull("db4"), START));
        before.act(1, "alice", new Action.Snooze(SNOOZE_END));
        before.act(3, "bob", new Action.Acknowledge());
        before.clock.advance(Duration.ofMinutes(10));
        before.ingest(resolved(diskFull("db2"), before.clock.now()));
        before.clock.advance(Duration.ofMinutes(10));
        before.act(4, "carol", new Action.Close("noise"));
        before.clock.advance(Duration.ofMinutes(10));

        stored = before.snapshot();
        Engine fresh = new Engine(EngineDriver.ALONE);
        fresh.restore(stored);
        after = new EngineDriver(fresh, new MutableClock(before.clock.now()));
    }

    @Test
    void theRestoredEngineHoldsTheIncidentsThatAreNotClosedAndTheirAlerts() {
        assertThat(stored.lastIncidentId()).isEqualTo(4);
        assertThat(stored.lastAlertId()).isEqualTo(4);
        assertThat(after.engine.incidents()).extracting(Incident::id).containsExactly(1L, 2L, 3L);
        assertThat(after.engine.incidents()).extracting(Incident::status).containsExactly(
                IncidentStatus.SNOOZED, IncidentStatus.RESOLVED, IncidentStatus.ACKNOWLEDGED);
        assertThat(after.engine.alertCount()).isEqualTo(3);
        assertThat(after.engine.nextDue()).isEqualTo(SNOOZE_END);
    }

    @Test
    void numberingContinuesAfterTheLastNumberHandedOut() {
        var opened = after.ingest(firing(diskFull("db5"), after.clock.now()));

        assertThat(opened.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(opened.incidentId()).isEqualTo(5);
        assertThat(opened.alertId()).isEqualTo(5);
    }

    @Test
    void aRepeatAfterTheRestartIsStillDeduplicatedIntoItsIncident() {
        var repeat = after.ingest(trigger(7, "api-down", "API down", "critical"));

        assertThat(repeat).isEqualTo(new Outcome.Ingested(SignalEffect.REPEATED, 3, 3));
        assertThat(after.alert(3).count()).isEqualTo(2);
    }

    @Test
    void theSnoozeStillEndsOnTime() {
        after.clock.advanceTo(SNOOZE_END.minusSeconds(1));
        after.tick();
        assertThat(after.engine.incidents()).filteredOn(i -> i.id() == 1).singleElement()
                .extracting(Incident::status).isEqualTo(IncidentStatus.SNOOZED);

        after.clock.advanceTo(SNOOZE_END);
        after.tick();

        assertThat(after.incident(1).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(after.lastEntry(1).kind()).isEqualTo(TimelineKind.SNOOZE_ENDED);
    }

    @Test
    void anAlertThatStopsBeingSentStillExpiresOnTime() {
        after.clock.advanceTo(START.plus(Duration.ofHours(12)));
        after.tick();

        assertThat(after.alert(1).resolution()).isEqualTo("expired");
        assertThat(after.incident(1).status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(after.kinds(1)).containsExactly(TimelineKind.SNOOZE_ENDED, TimelineKind.ALERT_EXPIRED,
                TimelineKind.RESOLVED);
    }

    @Test
    void aResolvedIncidentStillClosesOnTime() {
        Instant closeAt = START.plus(Duration.ofMinutes(10)).plus(Duration.ofHours(24));
        after.clock.advanceTo(closeAt.minusSeconds(1));
        after.tick();
        assertThat(after.engine.holds(2)).isTrue();

        after.clock.advanceTo(closeAt);
        after.tick();

        assertThat(after.incident(2).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(after.engine.holds(2)).isFalse();
    }

    @Test
    void aResolvedIncidentStillReopensWithinItsWindow() {
        var again = after.ingest(firing(diskFull("db2"), after.clock.now()));

        assertThat(again).isEqualTo(new Outcome.Ingested(SignalEffect.FIRED_AGAIN, 2, 2));
        assertThat(after.incident(2).status()).isEqualTo(IncidentStatus.TRIGGERED);
    }

    @Test
    void anIncidentAPersonTookStillStaysWithThemWhenItsAlertsRecover() {
        after.ingest(resolveEvent(7, "api-down"));

        assertThat(after.incident(3).status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(after.incident(3).assignee()).isEqualTo("bob");
        assertThat(after.lastEntry(3).kind()).isEqualTo(TimelineKind.ALL_ALERTS_RECOVERED);
    }

    @Test
    void theClosedIncidentsFingerprintOpensANewIncident() {
        var again = after.ingest(firing(diskFull("db4"), START));

        assertThat(again.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(again.incidentId()).isEqualTo(5);
    }

    @Test
    void theRestoredEngineCarriesOnExactlyLikeTheOneThatNeverStopped() {
        int timelineBefore = before.allTimeline().size();
        int outcomesBefore = before.outcomes().size();

        List<Outcome> original = carryOn(before);
        List<Outcome> restored = carryOn(after);

        assertThat(restored).isEqualTo(original.subList(outcomesBefore, original.size()));
        assertThat(after.allTimeline())
                .isEqualTo(before.allTimeline().subList(timelineBefore, before.allTimeline().size()))
                .isNotEmpty();
    }

    /** Two days of signals, people and ticks. */
    private static List<Outcome> carryOn(EngineDriver sift) {
        sift.ingest(trigger(7, "api-down", "API down", "critical"));
        sift.ingest(firing(diskFull("db5"), sift.clock.now()));
        sift.advanceAndTick(Duration.ofHours(3));
        sift.act(5, "dave", new Action.Acknowledge());
        sift.ingest(resolveEvent(7, "api-down"));
        for (int hour = 0; hour < 48; hour++) {
            sift.advanceAndTick(Duration.ofHours(1));
            if (hour == 20) {
                sift.ingest(firing(diskFull("db1"), sift.clock.now()));
            }
        }
        sift.act(3, "bob", new Action.Resolve("done"));
        sift.advanceAndTick(Duration.ofDays(1));
        return sift.outcomes();
    }
}
