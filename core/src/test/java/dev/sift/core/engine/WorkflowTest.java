package dev.sift.core.engine;

import static dev.sift.core.engine.EngineDriver.START;
import static dev.sift.core.engine.Signals.diskFull;
import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.engine.Outcome.Rejected.Reason;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What people do to incidents, and what they are told when it is not possible. */
class WorkflowTest {
    private final EngineDriver sift = new EngineDriver();
    private long id;
    private long alertId;

    private void open() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        id = opened.incidentId();
        alertId = opened.alertId();
        sift.clock.advance(Duration.ofMinutes(1));
    }

    private Incident incident() {
        return sift.incident(id);
    }

    private TimelineEntry last() {
        return sift.lastEntry(id);
    }

    private void assertRejected(Outcome outcome, Reason reason, String message) {
        assertThat(outcome).isEqualTo(new Outcome.Rejected(reason, message));
        assertThat(sift.lastChanges().isEmpty()).as("a refused action changes nothing").isTrue();
    }

    // ---- acknowledge and assign ----------------------------------------------------------------------------

    @Test
    void acknowledgingMakesTheActorTheAssignee() {
        open();
        var outcome = sift.act(id, "alice", new Action.Acknowledge());

        assertThat(outcome).isEqualTo(new Outcome.Acted(id));
        assertThat(incident().status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(incident().assignee()).isEqualTo("alice");
        assertThat(incident().acknowledgedAt()).isEqualTo(sift.clock.now());
        assertThat(incident().humanInvolved()).isTrue();
        assertThat(last().kind()).isEqualTo(TimelineKind.ACKNOWLEDGED);
        assertThat(last().actor()).isEqualTo("alice");
        assertThat(last().message()).isEqualTo("acknowledged by alice");
    }

    @Test
    void acknowledgingAnIncidentSomeoneElseHoldsTakesItOver() {
        open();
        sift.act(id, "alice", new Action.Acknowledge());
        Instant firstAck = sift.clock.now();
        sift.clock.advance(Duration.ofMinutes(30));
        sift.act(id, "bob", new Action.Acknowledge());

        assertThat(incident().assignee()).isEqualTo("bob");
        assertThat(incident().status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(incident().acknowledgedAt()).as("time to acknowledge counts from the first").isEqualTo(firstAck);
        assertThat(last().actor()).isEqualTo("bob");
        assertThat(last().message()).isEqualTo("acknowledged by bob (taken over from alice)");
    }

    @Test
    void assigningSetsTheAssigneeAndSaysWhoDidIt() {
        open();
        sift.act(id, "alice", new Action.Assign("carol"));

        assertThat(incident().assignee()).isEqualTo("carol");
        assertThat(incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(incident().humanInvolved()).isTrue();
        assertThat(last().kind()).isEqualTo(TimelineKind.ASSIGNED);
        assertThat(last().actor()).isEqualTo("alice");
        assertThat(last().message()).isEqualTo("assigned to carol by alice");
    }

    @Test
    void acknowledgingAResolvedIncidentIsAConflictThatSaysToReopenFirst() {
        open();
        sift.act(id, "alice", new Action.Resolve(null));

        assertRejected(sift.act(id, "bob", new Action.Acknowledge()), Reason.CONFLICT,
                "incident #1 is resolved; reopen it before acknowledging");
    }

    // ---- snooze --------------------------------------------------------------------------------------------

    @Test
    void aSnoozedIncidentStaysSnoozedUntilItsTimeAndThenComesBackTriggered() {
        open();
        Instant until = sift.clock.now().plus(Duration.ofHours(2));
        sift.act(id, "alice", new Action.Snooze(until));

        assertThat(incident().status()).isEqualTo(IncidentStatus.SNOOZED);
        assertThat(incident().snoozedUntil()).isEqualTo(until);
        assertThat(last().kind()).isEqualTo(TimelineKind.SNOOZED);
        assertThat(last().actor()).isEqualTo("alice");
        assertThat(last().message()).isEqualTo("snoozed by alice until 2025-03-01T11:01:00Z (2h)");

        assertThat(sift.advanceAndTick(Duration.ofHours(1)).changes()).isZero();
        assertThat(incident().status()).isEqualTo(IncidentStatus.SNOOZED);
        sift.clock.advanceTo(until.minusMillis(1));
        sift.tick();
        assertThat(incident().status()).isEqualTo(IncidentStatus.SNOOZED);

        sift.clock.advanceTo(until);
        assertThat(sift.tick().changes()).isEqualTo(1);
        assertThat(incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(incident().snoozedUntil()).isNull();
        assertThat(last().kind()).isEqualTo(TimelineKind.SNOOZE_ENDED);
        assertThat(last().actor()).isEqualTo("system");
        assertThat(last().at()).isEqualTo(until);
        assertThat(last().message()).isEqualTo("snooze ended; back to triggered");
    }

    @Test
    void aSnoozedIncidentComesBackTriggeredForAttentionAndKeepsItsAssignee() {
        open();
        sift.act(id, "alice", new Action.Acknowledge());
        sift.act(id, "alice", new Action.Snooze(sift.clock.now().plus(Duration.ofMinutes(30))));
        sift.advanceAndTick(Duration.ofHours(1)); // the runtime may wake late

        assertThat(incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(incident().assignee()).isEqualTo("alice");
        assertThat(last().message()).isEqualTo("snooze ended; back to triggered");
        assertThat(last().at()).isEqualTo(sift.clock.now());
    }

    @Test
    void snoozingAgainForLongerKeepsItSnoozedPastTheFirstEnd() {
        open();
        Instant start = sift.clock.now();
        sift.act(id, "alice", new Action.Snooze(start.plus(Duration.ofHours(1))));
        sift.clock.advance(Duration.ofMinutes(30));
        sift.act(id, "alice", new Action.Snooze(start.plus(Duration.ofHours(3))));

        sift.advanceAndTick(Duration.ofHours(1));
        assertThat(incident().status()).isEqualTo(IncidentStatus.SNOOZED);
        sift.clock.advanceTo(start.plus(Duration.ofHours(3)));
        sift.tick();
        assertThat(incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(sift.kinds(id)).filteredOn(k -> k == TimelineKind.SNOOZE_ENDED).hasSize(1);
    }

    @Test
    void acknowledgingASnoozedIncidentEndsTheSnooze() {
        open();
        sift.act(id, "alice", new Action.Snooze(sift.clock.now().plus(Duration.ofHours(1))));
        sift.act(id, "bob", new Action.Acknowledge());

        assertThat(incident().status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(incident().snoozedUntil()).isNull();
        sift.advanceAndTick(Duration.ofHours(2));
        assertThat(sift.kinds(id)).doesNotContain(TimelineKind.SNOOZE_ENDED);
    }

    @Test
    void snoozingUntilATimeThatIsNotInTheFutureIsInvalid() {
        open();
        Instant past = sift.clock.now().minus(Duration.ofMinutes(5));

        assertRejected(sift.act(id, "alice", new Action.Snooze(past)), Reason.INVALID,
                "snooze end 2025-03-01T08:56:00Z is not in the future");
        assertRejected(sift.act(id, "alice", new Action.Snooze(sift.clock.now())), Reason.INVALID,
                "snooze end 2025-03-01T09:01:00Z is not in the future");
        assertThat(incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
    }

    @Test
    void snoozingAResolvedIncidentIsAConflict() {
        open();
        sift.act(id, "alice", new Action.Resolve(null));

        assertRejected(sift.act(id, "alice", new Action.Snooze(sift.clock.now().plus(Duration.ofHours(1)))),
                Reason.CONFLICT, "incident #1 is resolved; only open incidents can be snoozed");
    }

    // ---- resolve -------------------------------------------------------------------------------------------

    @Test
    void resolvingByHandResolvesTheIncidentAndEndsItsFiringAlerts() {
        open();
        sift.act(id, "alice", new Action.Resolve("cleaned /var/log"));

        assertThat(incident().status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident().resolvedAt()).isEqualTo(sift.clock.now());
        Alert alert = sift.alert(alertId);
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolution()).isEqualTo("resolved by alice");
        assertThat(alert.resolvedAt()).isEqualTo(sift.clock.now());
        assertThat(last().kind()).isEqualTo(TimelineKind.RESOLVED);
        assertThat(last().actor()).isEqualTo("alice");
        assertThat(last().message()).isEqualTo("resolved by alice: cleaned /var/log");
    }

    @Test
    void aRepeatOfTheEpisodeAPersonResolvedIsStaleAndTheIncidentStaysResolved() {
        open();
        sift.act(id, "alice", new Action.Resolve(null));
        assertThat(last().message()).isEqualTo("resolved by alice");
        sift.clock.advance(Duration.ofMinutes(5));

        var repeat = sift.ingest(firing(diskFull("db1"), START));

        assertThat(repeat.effect()).isEqualTo(SignalEffect.STALE);
        assertThat(incident().status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(sift.alert(alertId).status()).isEqualTo(AlertStatus.RESOLVED);
    }

    @Test
    void resolvingAResolvedIncidentIsAConflict() {
        open();
        sift.act(id, "alice", new Action.Resolve(null));

        assertRejected(sift.act(id, "bob", new Action.Resolve(null)), Reason.CONFLICT,
                "incident #1 is already resolved");
    }

    // ---- close and reopen ----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = IncidentStatus.class, names = "CLOSED", mode = EnumSource.Mode.EXCLUDE)
    void anIncidentCanBeClosedFromEveryStatusButClosed(IncidentStatus from) {
        open();
        switch (from) {
            case TRIGGERED -> { }
            case ACKNOWLEDGED -> sift.act(id, "alice", new Action.Acknowledge());
            case SNOOZED -> sift.act(id, "alice", new Action.Snooze(sift.clock.now().plus(Duration.ofHours(1))));
            case RESOLVED -> sift.ingest(resolved(diskFull("db1"), sift.clock.now()));
            case CLOSED -> throw new AssertionError();
        }
        assertThat(incident().status()).isEqualTo(from);
        sift.clock.advance(Duration.ofMinutes(1));

        var outcome = sift.act(id, "bob", new Action.Close("duplicate of #7"));

        assertThat(outcome).isEqualTo(new Outcome.Acted(id));
        assertThat(incident().status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(incident().closedAt()).isEqualTo(sift.clock.now());
        assertThat(incident().snoozedUntil()).isNull();
        assertThat(sift.alert(alertId).status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(last().kind()).isEqualTo(TimelineKind.CLOSED);
        assertThat(last().actor()).isEqualTo("bob");
        assertThat(last().message()).isEqualTo("closed by bob: duplicate of #7");
        assertThat(sift.engine.holds(id)).as("closed incidents leave the working set").isFalse();
    }

    @Test
    void closingAnIncidentWithAFiringAlertEndsTheAlertAsClosedByThePerson() {
        open();
        sift.act(id, "bob", new Action.Close(null));

        assertThat(sift.alert(alertId).resolution()).isEqualTo("closed by bob");
        assertThat(last().message()).isEqualTo("closed by bob");
    }

    @Test
    void closingAClosedIncidentIsAConflict() {
        open();
        sift.act(id, "bob", new Action.Close(null));
        sift.engine.admit(EngineDriver.copy(incident())); // as the runtime does for actions on closed incidents

        assertRejected(sift.act(id, "bob", new Action.Close(null)), Reason.CONFLICT, "incident #1 is already closed");
    }

    @Test
    void reopeningAResolvedIncidentMakesItTriggeredAgain() {
        open();
        sift.act(id, "alice", new Action.Resolve(null));
        sift.clock.advance(Duration.ofMinutes(10));
        sift.act(id, "bob", new Action.Reopen("still broken"));

        assertThat(incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(incident().resolvedAt()).isNull();
        assertThat(last().kind()).isEqualTo(TimelineKind.REOPENED);
        assertThat(last().actor()).isEqualTo("bob");
        assertThat(last().message()).isEqualTo("reopened by bob: still broken");
    }

    @Test
    void reopeningAResolvedIncidentMakesItTriggeredAndKeepsItsAssignee() {
        open();
        sift.act(id, "alice", new Action.Acknowledge());
        sift.act(id, "alice", new Action.Resolve(null));
        sift.act(id, "alice", new Action.Reopen(null));

        assertThat(incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(incident().assignee()).isEqualTo("alice");
        assertThat(last().message()).isEqualTo("reopened by alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"triggered", "acknowledged"})
    void reopeningAnOpenIncidentIsAConflict(String status) {
        open();
        if (status.equals("acknowledged")) {
            sift.act(id, "alice", new Action.Acknowledge());
        }

        assertRejected(sift.act(id, "bob", new Action.Reopen(null)), Reason.CONFLICT,
                "incident #1 is " + status + ", not resolved or closed; nothing to reopen");
    }

    // ---- comments, priority, unknown incidents -------------------------------------------------------------

    @Test
    void aCommentIsAppendedWithItsAuthorAndChangesNoStatus() {
        open();
        sift.act(id, "alice", new Action.Comment("looking at the disk now"));

        assertThat(incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(incident().assignee()).isNull();
        assertThat(last().kind()).isEqualTo(TimelineKind.COMMENT);
        assertThat(last().actor()).isEqualTo("alice");
        assertThat(last().at()).isEqualTo(sift.clock.now());
        assertThat(last().message()).isEqualTo("looking at the disk now");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void anEmptyCommentIsInvalid(String text) {
        open();

        assertRejected(sift.act(id, "alice", new Action.Comment(text)), Reason.INVALID, "comment text is empty");
    }

    @Test
    void aPersonCanSetThePriority() {
        open();
        sift.act(id, "alice", new Action.SetPriority(Priority.P1));

        assertThat(incident().priority()).isEqualTo(Priority.P1);
        assertThat(incident().priorityOverridden()).isTrue();
        assertThat(last().message()).isEqualTo("priority P1 → P1 by alice");
    }

    @Test
    void everyActionOnAnUnknownIncidentIsNotFound() {
        open();
        List<Action> actions = List.of(new Action.Acknowledge(), new Action.Assign("bob"),
                new Action.Snooze(sift.clock.now().plus(Duration.ofHours(1))), new Action.Resolve(null),
                new Action.Close(null), new Action.Reopen(null), new Action.Comment("hi"),
                new Action.SetPriority(Priority.P1));

        for (Action action : actions) {
            assertRejected(sift.act(99, "alice", action), Reason.NOT_FOUND, "no incident #99");
        }
    }

    // ---- the paper trail -----------------------------------------------------------------------------------

    @Test
    void everyStateChangeAppendsATimelineEntryWithItsActorAndTime() {
        open();
        record Step(String actor, Action action, TimelineKind kind) {}
        List<Step> steps = List.of(
                new Step("alice", new Action.Acknowledge(), TimelineKind.ACKNOWLEDGED),
                new Step("alice", new Action.Assign("bob"), TimelineKind.ASSIGNED),
                new Step("bob", new Action.SetPriority(Priority.P2), TimelineKind.PRIORITY_CHANGED),
                new Step("bob", new Action.Snooze(START.plus(Duration.ofDays(1))), TimelineKind.SNOOZED),
                new Step("bob", new Action.Comment("waiting for the vendor"), TimelineKind.COMMENT),
                new Step("bob", new Action.Resolve("vendor fixed it"), TimelineKind.RESOLVED),
                new Step("carol", new Action.Reopen("it is back"), TimelineKind.REOPENED),
                new Step("carol", new Action.Close("moved to the vendor ticket"), TimelineKind.CLOSED));

        for (Step step : steps) {
            sift.clock.advance(Duration.ofMinutes(7));
            int before = sift.timeline(id).size();

            assertThat(sift.act(id, step.actor(), step.action())).isEqualTo(new Outcome.Acted(id));

            assertThat(sift.timeline(id)).hasSize(before + 1);
            assertThat(last().kind()).isEqualTo(step.kind());
            assertThat(last().actor()).isEqualTo(step.actor());
            assertThat(last().at()).isEqualTo(sift.clock.now());
            assertThat(last().incidentId()).isEqualTo(id);
            assertThat(incident().updatedAt()).isEqualTo(sift.clock.now());
        }
        assertThat(sift.timeline(id)).extracting(TimelineEntry::at).isSorted();
    }
}
