package dev.sift.core.engine;

import static dev.sift.core.engine.EngineDriver.START;
import static dev.sift.core.engine.Signals.acknowledgeEvent;
import static dev.sift.core.engine.Signals.diskFull;
import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.resolveEvent;
import static dev.sift.core.engine.Signals.resolved;
import static dev.sift.core.engine.Signals.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Recoveries, and the rule that automation never takes an incident away from the person who took it. */
class ResolveTest {
    private final EngineDriver sift = new EngineDriver();

    @Test
    void anAlertThatResolvesResolvesItsIncidentWhenNobodyTookIt() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.clock.advance(Duration.ofMinutes(30));
        Instant endsAt = sift.clock.now().minus(Duration.ofMinutes(1));
        var outcome = sift.ingest(resolved(diskFull("db1"), endsAt));

        assertThat(outcome).isEqualTo(new Outcome.Ingested(SignalEffect.RESOLVED, opened.incidentId(),
                opened.alertId()));
        Alert alert = sift.alert(opened.alertId());
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolvedAt()).as("when the source says it ended").isEqualTo(endsAt);
        assertThat(alert.resolution()).isEqualTo("resolved by source");
        Incident incident = sift.incident(opened.incidentId());
        assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.resolvedAt()).isEqualTo(sift.clock.now());
        assertThat(sift.kinds(opened.incidentId())).containsExactly(
                TimelineKind.OPENED, TimelineKind.ALERT_RESOLVED, TimelineKind.RESOLVED);
        assertThat(sift.timeline(opened.incidentId()).get(1).message()).isEqualTo("DiskFull resolved");
        TimelineEntry resolvedEntry = sift.lastEntry(opened.incidentId());
        assertThat(resolvedEntry.actor()).isEqualTo("system");
        assertThat(resolvedEntry.message()).isEqualTo("all alerts resolved");
        assertThat(resolvedEntry.at()).isEqualTo(sift.clock.now());
    }

    @Test
    void aResolveWithoutEndTimeEndsTheAlertNow() {
        var opened = sift.ingest(trigger(7, "disk-db1", "Disk full", "critical"));
        sift.clock.advance(Duration.ofMinutes(5));
        sift.ingest(resolveEvent(7, "disk-db1"));

        assertThat(sift.alert(opened.alertId()).resolvedAt()).isEqualTo(sift.clock.now());
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void aResolveForAnAlertSiftNeverSawIsUnknownAndChangesNothing() {
        var opened = sift.ingest(firing(diskFull("db1"), START));

        var outcome = sift.ingest(resolved(diskFull("db2"), START));

        assertThat(outcome).isEqualTo(new Outcome.Ingested(SignalEffect.UNKNOWN_ALERT, 0, 0));
        assertThat(sift.lastChanges().isEmpty()).isTrue();
        assertThat(sift.engine.incidents()).hasSize(1);
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.TRIGGERED);
    }

    @Test
    void aSecondResolveOfTheSameAlertIsAlreadyResolvedAndChangesNothing() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.ingest(resolved(diskFull("db1"), START.plus(Duration.ofMinutes(1))));
        int entries = sift.timeline(opened.incidentId()).size();

        sift.clock.advance(Duration.ofMinutes(5));
        var again = sift.ingest(resolved(diskFull("db1"), START.plus(Duration.ofMinutes(1))));

        assertThat(again).isEqualTo(new Outcome.Ingested(SignalEffect.ALREADY_RESOLVED, opened.incidentId(),
                opened.alertId()));
        assertThat(sift.lastChanges().isEmpty()).isTrue();
        assertThat(sift.timeline(opened.incidentId())).hasSize(entries);
        assertThat(sift.alert(opened.alertId()).resolvedAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
    }

    @Test
    void anAcknowledgedIncidentWhoseAlertsAllRecoverStaysWithItsOwnerAndGetsANote() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.clock.advance(Duration.ofMinutes(2));
        sift.act(opened.incidentId(), "alice", new Action.Acknowledge());
        sift.clock.advance(Duration.ofMinutes(20));
        var outcome = sift.ingest(resolved(diskFull("db1"), sift.clock.now()));

        assertThat(outcome.effect()).isEqualTo(SignalEffect.RESOLVED);
        assertThat(sift.alert(opened.alertId()).status()).isEqualTo(AlertStatus.RESOLVED);
        Incident incident = sift.incident(opened.incidentId());
        assertThat(incident.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(incident.assignee()).isEqualTo("alice");
        assertThat(incident.resolvedAt()).isNull();
        TimelineEntry note = sift.lastEntry(opened.incidentId());
        assertThat(note.kind()).isEqualTo(TimelineKind.ALL_ALERTS_RECOVERED);
        assertThat(note.actor()).isEqualTo("system");
        assertThat(note.message()).isEqualTo("all alerts recovered; the incident stays with alice because a person"
                + " acknowledged or was assigned");
        assertThat(sift.kinds(opened.incidentId())).doesNotContain(TimelineKind.RESOLVED);
    }

    @Test
    void anAssignedIncidentWhoseAlertsAllRecoverStaysOpenWithItsAssignee() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.act(opened.incidentId(), "alice", new Action.Assign("bob"));
        sift.ingest(resolved(diskFull("db1"), START));

        Incident incident = sift.incident(opened.incidentId());
        assertThat(incident.status().isOpen()).isTrue();
        assertThat(incident.assignee()).isEqualTo("bob");
        assertThat(sift.lastEntry(opened.incidentId()).kind()).isEqualTo(TimelineKind.ALL_ALERTS_RECOVERED);
        assertThat(sift.lastEntry(opened.incidentId()).message()).contains("stays with bob");
    }

    @Test
    void withAutomaticResolveOffARecoveryOnlyAddsANoteAndTheIncidentStaysTriggered() {
        var off = new EngineDriver(EngineDriver.ALONE.withAutoResolve(false));
        var opened = off.ingest(firing(diskFull("db1"), START));
        off.ingest(resolved(diskFull("db1"), START));

        assertThat(off.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(off.alert(opened.alertId()).status()).isEqualTo(AlertStatus.RESOLVED);
        TimelineEntry note = off.lastEntry(opened.incidentId());
        assertThat(note.kind()).isEqualTo(TimelineKind.ALL_ALERTS_RECOVERED);
        assertThat(note.message()).isEqualTo("all alerts recovered; automatic resolve is off");
    }

    @Test
    void anAcknowledgeFromTheSourceAcknowledgesWithoutGivingTheIncidentAnOwner() {
        var opened = sift.ingest(trigger(7, "disk-db1", "Disk full", "critical"));
        sift.clock.advance(Duration.ofMinutes(3));
        var outcome = sift.ingest(acknowledgeEvent(7, "disk-db1", "integration:pager"));

        assertThat(outcome).isEqualTo(new Outcome.Ingested(SignalEffect.ACKNOWLEDGED, opened.incidentId(),
                opened.alertId()));
        Incident incident = sift.incident(opened.incidentId());
        assertThat(incident.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(incident.acknowledgedAt()).isEqualTo(sift.clock.now());
        assertThat(incident.assignee()).isNull();
        assertThat(incident.humanInvolved()).isFalse();
        TimelineEntry e = sift.lastEntry(opened.incidentId());
        assertThat(e.kind()).isEqualTo(TimelineKind.ACKNOWLEDGED);
        assertThat(e.actor()).isEqualTo("integration:pager");
        assertThat(e.message()).isEqualTo("acknowledged by the source (Disk full)");
    }

    @Test
    void anIncidentOnlyTheSourceAcknowledgedStillResolvesWhenItsAlertResolves() {
        var opened = sift.ingest(trigger(7, "disk-db1", "Disk full", "critical"));
        sift.ingest(acknowledgeEvent(7, "disk-db1", "integration:pager"));
        sift.clock.advance(Duration.ofMinutes(10));
        sift.ingest(resolveEvent(7, "disk-db1"));

        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(sift.lastEntry(opened.incidentId()).kind()).isEqualTo(TimelineKind.RESOLVED);
        assertThat(sift.lastEntry(opened.incidentId()).actor()).isEqualTo("system");
    }

    @Test
    void aSourceAcknowledgeOfAnIncidentAPersonAlreadyTookChangesNothing() {
        var opened = sift.ingest(trigger(7, "disk-db1", "Disk full", "critical"));
        sift.act(opened.incidentId(), "alice", new Action.Acknowledge());
        int entries = sift.timeline(opened.incidentId()).size();

        var outcome = sift.ingest(acknowledgeEvent(7, "disk-db1", "integration:pager"));

        assertThat(outcome.effect()).isEqualTo(SignalEffect.ACKNOWLEDGED);
        assertThat(sift.incident(opened.incidentId()).assignee()).isEqualTo("alice");
        assertThat(sift.timeline(opened.incidentId())).hasSize(entries);
    }

    @Test
    void aSourceAcknowledgeForAnUnknownAlertIsUnknownAndChangesNothing() {
        var outcome = sift.ingest(acknowledgeEvent(7, "never-sent", "integration:pager"));

        assertThat(outcome).isEqualTo(new Outcome.Ingested(SignalEffect.UNKNOWN_ALERT, 0, 0));
        assertThat(sift.lastChanges().isEmpty()).isTrue();
    }
}
