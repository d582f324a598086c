package dev.sift.core.engine;

import static dev.sift.core.engine.EngineDriver.START;
import static dev.sift.core.engine.Signals.diskFull;
import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.core.engine.Outcome.Rejected.Reason;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Resolved incidents close by themselves after a quiet day; closed ones leave the working set. */
class AutoCloseTest {
    private final EngineDriver sift = new EngineDriver();

    /** DiskFull db1 fires at START and resolves at START+10m: a resolved incident nobody touched. */
    private long resolvedIncident() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.clock.advance(Duration.ofMinutes(10));
        sift.ingest(resolved(diskFull("db1"), sift.clock.now()));
        return opened.incidentId();
    }

    @Test
    void aResolvedIncidentClosesAfter24QuietHoursOnTick() {
        long id = resolvedIncident();
        Instant resolvedAt = sift.clock.now();

        sift.advanceAndTick(Duration.ofHours(24).minusSeconds(1));
        assertThat(sift.incident(id).status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(sift.engine.holds(id)).isTrue();
        var ticked = sift.advanceAndTick(Duration.ofSeconds(1));

        assertThat(ticked.changes()).isEqualTo(1);
        Incident incident = sift.incident(id);
        assertThat(incident.status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(incident.closedAt()).isEqualTo(resolvedAt.plus(Duration.ofHours(24)));
        TimelineEntry closed = sift.lastEntry(id);
        assertThat(closed.kind()).isEqualTo(TimelineKind.CLOSED);
        assertThat(closed.actor()).isEqualTo("system");
        assertThat(closed.message()).isEqualTo("closed after 1d resolved without recurrence");
    }

    @Test
    void aClosedIncidentLeavesTheWorkingSetWithItsAlerts() {
        long id = resolvedIncident();
        sift.ingest(firing(diskFull("db2"), sift.clock.now()));
        sift.advanceAndTick(Duration.ofHours(24));

        assertThat(sift.engine.holds(id)).isFalse();
        assertThat(sift.engine.incidents()).extracting(Incident::id).doesNotContain(id);
        assertThat(sift.engine.alertsOf(id)).isEmpty();
        assertThat(sift.engine.alertCount()).isEqualTo(1);
    }

    @Test
    void anIncidentAPersonResolvedAlsoClosesAfter24Hours() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.act(opened.incidentId(), "alice", new Action.Acknowledge());
        sift.act(opened.incidentId(), "alice", new Action.Resolve(null));
        sift.advanceAndTick(Duration.ofHours(24));

        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.CLOSED);
    }

    @Test
    void anIncidentReopenedBeforeItsCloseDeadlineIsNotClosedByThatDeadline() {
        long id = resolvedIncident();
        sift.clock.advance(Duration.ofHours(1));
        sift.act(id, "alice", new Action.Reopen("not fixed"));
        sift.clock.advance(Duration.ofHours(2));
        sift.act(id, "alice", new Action.Resolve(null));
        Instant secondResolve = sift.clock.now();

        sift.clock.advanceTo(START.plus(Duration.ofMinutes(10)).plus(Duration.ofHours(24)));
        sift.tick();
        assertThat(sift.incident(id).status()).as("24h after the first resolve").isEqualTo(IncidentStatus.RESOLVED);
        sift.clock.advanceTo(secondResolve.plus(Duration.ofHours(24)));
        sift.tick();
        assertThat(sift.incident(id).status()).isEqualTo(IncidentStatus.CLOSED);
    }

    @Test
    void anAcknowledgedIncidentWhoseAlertsRecoveredIsNeverResolvedOrClosedByAutomation() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.act(opened.incidentId(), "alice", new Action.Acknowledge());
        sift.ingest(resolved(diskFull("db1"), START));
        for (int day = 0; day < 60; day++) {
            sift.advanceAndTick(Duration.ofDays(1));
        }

        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(sift.incident(opened.incidentId()).assignee()).isEqualTo("alice");
        assertThat(sift.kinds(opened.incidentId()))
                .doesNotContain(TimelineKind.RESOLVED, TimelineKind.CLOSED)
                .endsWith(TimelineKind.ALL_ALERTS_RECOVERED);
        assertThat(sift.engine.holds(opened.incidentId())).isTrue();
    }

    @Test
    void anAssignedIncidentWhoseAlertExpiredIsNeverResolvedOrClosedByAutomation() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.act(opened.incidentId(), "alice", new Action.Assign("bob"));
        for (int day = 0; day < 60; day++) {
            sift.advanceAndTick(Duration.ofDays(1));
        }

        assertThat(sift.incident(opened.incidentId()).status().isOpen()).isTrue();
        assertThat(sift.incident(opened.incidentId()).assignee()).isEqualTo("bob");
        assertThat(sift.kinds(opened.incidentId())).doesNotContain(TimelineKind.RESOLVED, TimelineKind.CLOSED);
    }

    // ---- actions on closed incidents -----------------------------------------------------------------------

    @Test
    void anActionOnAClosedIncidentThatWasNotAdmittedIsNotFound() {
        long id = resolvedIncident();
        sift.advanceAndTick(Duration.ofHours(24));

        var outcome = sift.act(id, "alice", new Action.Comment("why was this closed?"));

        assertThat(outcome).isEqualTo(new Outcome.Rejected(Reason.NOT_FOUND, "no incident #" + id));
    }

    @Test
    void anAdmittedClosedIncidentCanBeCommentedOnAndLeavesMemoryAgain() {
        long id = resolvedIncident();
        sift.advanceAndTick(Duration.ofHours(24));
        Incident stored = EngineDriver.copy(sift.incident(id));

        sift.engine.admit(stored);
        var outcome = sift.act(id, "alice", new Action.Comment("root cause: log rotation was off"));

        assertThat(sift.engine.holds(id)).as("still closed: not kept in the working set").isFalse();
        assertThat(outcome).isEqualTo(new Outcome.Acted(id));
        assertThat(sift.incident(id).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(sift.lastEntry(id).kind()).isEqualTo(TimelineKind.COMMENT);
        assertThat(sift.lastEntry(id).actor()).isEqualTo("alice");
    }

    @Test
    void anAdmittedClosedIncidentCanBeReopened() {
        long id = resolvedIncident();
        sift.advanceAndTick(Duration.ofHours(24));
        sift.engine.admit(EngineDriver.copy(sift.incident(id)));

        var outcome = sift.act(id, "alice", new Action.Reopen("happened again, keep the history together"));

        assertThat(outcome).isEqualTo(new Outcome.Acted(id));
        Incident incident = sift.incident(id);
        assertThat(incident.status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(incident.closedAt()).isNull();
        assertThat(incident.resolvedAt()).isNull();
        assertThat(sift.engine.incidents()).extracting(Incident::id).contains(id);
    }

    @Test
    void theAlertsOfAnAdmittedClosedIncidentStayHistorySoTheirNextSignalOpensANewIncident() {
        long id = resolvedIncident();
        sift.advanceAndTick(Duration.ofHours(24));
        sift.engine.admit(EngineDriver.copy(sift.incident(id)));
        sift.act(id, "alice", new Action.Reopen(null));

        var again = sift.ingest(firing(diskFull("db1"), sift.clock.now()));

        assertThat(again.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(again.incidentId()).isNotEqualTo(id);
    }

    @Test
    void admittingAnIncidentThisEngineNeverNumberedIsRefused() {
        resolvedIncident();
        Incident foreign = new Incident(42, "x", IncidentStatus.CLOSED, dev.sift.core.incident.Priority.P3, false,
                "default", null, false, START, START, null, START, START, null, java.util.Map.of(),
                dev.sift.core.routing.Routing.NONE);

        assertThatThrownBy(() -> sift.engine.admit(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("incident #42 was never created by this engine");
    }
}
