package dev.sift.core.engine;

import static dev.sift.core.engine.EngineDriver.START;
import static dev.sift.core.engine.Signals.diskFull;
import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An alert that resolves and fires again starts a new episode: in the same incident if it is recent enough. */
class EpisodeTest {
    private final EngineDriver sift = new EngineDriver();

    /** Fires DiskFull on db1 at START, resolves it 10 minutes later; returns the first outcome. */
    private Outcome.Ingested firedAndResolved() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.clock.advance(Duration.ofMinutes(10));
        sift.ingest(resolved(diskFull("db1"), sift.clock.now()));
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.RESOLVED);
        return opened;
    }

    @Test
    void anAlertFiringAgainWithinTheReopenWindowReopensItsIncidentAsEpisodeTwo() {
        var opened = firedAndResolved();
        sift.clock.advance(Duration.ofMinutes(30));
        Instant secondStart = sift.clock.now().minus(Duration.ofMinutes(1));
        var again = sift.ingest(firing(diskFull("db1"), secondStart));

        assertThat(again).isEqualTo(new Outcome.Ingested(SignalEffect.FIRED_AGAIN, opened.incidentId(),
                opened.alertId()));
        assertThat(sift.engine.incidents()).hasSize(1);
        Alert alert = sift.alert(opened.alertId());
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.episode()).isEqualTo(2);
        assertThat(alert.startsAt()).isEqualTo(secondStart);
        assertThat(alert.resolvedAt()).isNull();
        assertThat(alert.resolution()).isNull();
        assertThat(alert.count()).isEqualTo(2);
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(sift.incident(opened.incidentId()).resolvedAt()).isNull();
        assertThat(sift.kinds(opened.incidentId())).containsExactly(TimelineKind.OPENED,
                TimelineKind.ALERT_RESOLVED, TimelineKind.RESOLVED, TimelineKind.ALERT_FIRED_AGAIN,
                TimelineKind.REOPENED);
        var entries = sift.timeline(opened.incidentId());
        assertThat(entries.get(3).message()).isEqualTo("DiskFull fired again (episode 2)");
        TimelineEntry reopened = entries.get(4);
        assertThat(reopened.actor()).isEqualTo("system");
        assertThat(reopened.at()).isEqualTo(sift.clock.now());
        assertThat(reopened.message()).isEqualTo("reopened: DiskFull fired again within 1h of resolving");
    }

    @Test
    void firingAgainExactlyAtTheEndOfTheReopenWindowStillReopens() {
        var opened = firedAndResolved();
        sift.clock.advance(Duration.ofHours(1));

        assertThat(sift.ingest(firing(diskFull("db1"), sift.clock.now())).incidentId())
                .isEqualTo(opened.incidentId());
    }

    @Test
    void anAlertFiringAgainAfterTheReopenWindowOpensANewIncident() {
        var opened = firedAndResolved();
        sift.clock.advance(Duration.ofHours(2));
        var again = sift.ingest(firing(diskFull("db1"), sift.clock.now()));

        assertThat(again.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(again.incidentId()).isEqualTo(opened.incidentId() + 1);
        assertThat(again.alertId()).isNotEqualTo(opened.alertId());
        assertThat(sift.alert(again.alertId()).episode()).isEqualTo(1);
        assertThat(sift.incident(opened.incidentId()).status()).as("the old one is left alone")
                .isEqualTo(IncidentStatus.RESOLVED);
        assertThat(sift.kinds(opened.incidentId())).doesNotContain(TimelineKind.REOPENED);
    }

    @Test
    void whenTheOldIncidentAutoClosesTheNewIncidentKeepsReceivingTheAlert() {
        var opened = firedAndResolved();
        sift.clock.advance(Duration.ofHours(2));
        var second = sift.ingest(firing(diskFull("db1"), sift.clock.now()));
        Instant secondStart = sift.clock.now();

        for (int hour = 1; hour <= 23; hour++) { // Alertmanager re-sends the still-firing alert every 4h
            sift.advanceAndTick(Duration.ofHours(1));
            if (hour % 4 == 0) {
                sift.ingest(firing(diskFull("db1"), secondStart));
            }
        }
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.CLOSED);
        var repeat = sift.ingest(firing(diskFull("db1"), secondStart));

        assertThat(repeat).isEqualTo(new Outcome.Ingested(SignalEffect.REPEATED, second.incidentId(),
                second.alertId()));
    }

    @Test
    void anAlertFiringAgainAfterItsIncidentAutoClosedOpensANewIncidentWithTheNextNumber() {
        var opened = firedAndResolved();
        sift.advanceAndTick(Duration.ofHours(24));
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.CLOSED);

        sift.clock.advance(Duration.ofMinutes(5));
        var again = sift.ingest(firing(diskFull("db1"), sift.clock.now()));

        assertThat(again.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(again.incidentId()).isEqualTo(2);
        assertThat(sift.engine.incidents()).extracting(i -> i.id()).containsExactly(2L);
        assertThat(sift.alert(again.alertId()).episode()).isEqualTo(1);
        assertThat(sift.alert(again.alertId()).firstSeen()).isEqualTo(sift.clock.now());
    }

    @Test
    void aLateFiringOfTheEpisodeThatAlreadyResolvedIsStaleAndReopensNothing() {
        var opened = firedAndResolved();
        int entries = sift.timeline(opened.incidentId()).size();
        sift.clock.advance(Duration.ofMinutes(1));

        var late = sift.ingest(firing(diskFull("db1"), START));
        var earlier = sift.ingest(firing(diskFull("db1"), START.minus(Duration.ofMinutes(5))));

        assertThat(late).isEqualTo(new Outcome.Ingested(SignalEffect.STALE, opened.incidentId(), opened.alertId()));
        assertThat(earlier.effect()).isEqualTo(SignalEffect.STALE);
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.RESOLVED);
        Alert alert = sift.alert(opened.alertId());
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.episode()).isEqualTo(1);
        assertThat(alert.startsAt()).isEqualTo(START);
        assertThat(sift.timeline(opened.incidentId())).hasSize(entries);
    }

    @Test
    void anAlertThatExpiredAndIsSentAgainWithTheSameStartFiresAgainBecauseItWasOnlySilent() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.advanceAndTick(Duration.ofHours(12));
        assertThat(sift.alert(opened.alertId()).resolution()).isEqualTo("expired");
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.RESOLVED);

        sift.clock.advance(Duration.ofMinutes(20));
        var again = sift.ingest(firing(diskFull("db1"), START));

        assertThat(again).isEqualTo(new Outcome.Ingested(SignalEffect.FIRED_AGAIN, opened.incidentId(),
                opened.alertId()));
        assertThat(sift.alert(opened.alertId()).status()).isEqualTo(AlertStatus.FIRING);
        assertThat(sift.alert(opened.alertId()).episode()).isEqualTo(2);
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(sift.lastEntry(opened.incidentId()).kind()).isEqualTo(TimelineKind.REOPENED);
    }

    @Test
    void anAlertFiringAgainInAnIncidentSomeoneHoldsAddsAnEpisodeWithoutReopeningAnything() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.act(opened.incidentId(), "alice", new Action.Acknowledge());
        sift.clock.advance(Duration.ofMinutes(10));
        sift.ingest(resolved(diskFull("db1"), sift.clock.now()));
        sift.clock.advance(Duration.ofMinutes(10));
        var again = sift.ingest(firing(diskFull("db1"), sift.clock.now()));

        assertThat(again.effect()).isEqualTo(SignalEffect.FIRED_AGAIN);
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(sift.incident(opened.incidentId()).assignee()).isEqualTo("alice");
        assertThat(sift.lastEntry(opened.incidentId()).kind()).isEqualTo(TimelineKind.ALERT_FIRED_AGAIN);
        assertThat(sift.kinds(opened.incidentId())).doesNotContain(TimelineKind.REOPENED);
    }

    @Test
    void anIncidentAPersonResolvedComesBackTriggeredWithItsAssigneeWhenItsAlertFiresAgain() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.act(opened.incidentId(), "alice", new Action.Acknowledge());
        sift.clock.advance(Duration.ofMinutes(10));
        sift.act(opened.incidentId(), "alice", new Action.Resolve("restarted"));
        sift.clock.advance(Duration.ofMinutes(10));
        var again = sift.ingest(firing(diskFull("db1"), sift.clock.now()));

        assertThat(again.effect()).isEqualTo(SignalEffect.FIRED_AGAIN);
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(sift.incident(opened.incidentId()).assignee()).isEqualTo("alice");
        assertThat(sift.lastEntry(opened.incidentId()).kind()).isEqualTo(TimelineKind.REOPENED);
    }
}
