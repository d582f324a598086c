package dev.sift.core.engine;

import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.inhibition.Inhibition;
import dev.sift.core.routing.RouteTree;
import dev.sift.core.rules.Rules;
import dev.sift.core.silence.Silencing;
import dev.sift.core.sla.BusinessCalendar;
import dev.sift.core.sla.IncidentSla;
import dev.sift.core.sla.Pause;
import dev.sift.core.sla.SlaPolicies;
import dev.sift.core.sla.SlaPolicy;
import dev.sift.core.workflow.Action;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SLA clocks through the engine, with a hand-moved clock: they start at the first signal, stop when met, pause while
 * snoozed, breach on time onto the timeline, raise priority, follow priority changes and survive a restart.
 */
class SlaTest {
    static final Map<String, String> DB_DOWN = labels("alertname", "DbDown", "team", "db", "severity", "critical");
    static final Map<String, String> DB_SLOW = labels("alertname", "DbSlow", "team", "db", "severity", "warning");
    static final Map<String, String> WEB_SLOW = labels("alertname", "WebSlow", "team", "web", "severity", "warning");

    static final SlaPolicy P1_DEFAULT = new SlaPolicy("P1-default", Set.of(), Set.of(Priority.P1),
            Duration.ofMinutes(15), Duration.ofHours(4), null, null, false);
    static final SlaPolicy DB_P3 = new SlaPolicy("db-P3", Set.of("db"), Set.of(Priority.P3),
            Duration.ofHours(1), Duration.ofHours(8), null, Priority.P1, false);

    static Rules rules(SlaPolicy... policies) {
        return new Rules(EngineDriver.ALONE, RouteTree.EMPTY, Silencing.NONE, Inhibition.NONE,
                new SlaPolicies(List.of(policies)));
    }

    final EngineDriver sift = new EngineDriver(new Engine(rules(P1_DEFAULT, DB_P3)), new MutableClock(EngineDriver.START));
    final Instant t0 = EngineDriver.START;

    long open(Map<String, String> labels) {
        return sift.ingest(firing(labels, null)).incidentId();
    }

    List<TimelineEntry> breaches(long id) {
        return sift.timeline(id).stream().filter(e -> e.kind() == TimelineKind.SLA_BREACHED).toList();
    }

    @Test
    void anIncidentGetsItsPolicyAndDueTimesFromItsFirstSignal() {
        long id = open(DB_DOWN);

        IncidentSla sla = sift.sla(id);
        assertThat(sla.policy()).isEqualTo("P1-default");
        assertThat(sla.ackDueAt()).isEqualTo(t0.plus(Duration.ofMinutes(15)));
        assertThat(sla.resolveDueAt()).isEqualTo(t0.plus(Duration.ofHours(4)));
        assertThat(sla.ackBreached()).isFalse();
        assertThat(sla.resolveBreached()).isFalse();
    }

    @Test
    void noPolicyNoClocks() {
        long id = open(WEB_SLOW); // P3 in queue web: neither policy applies
        sift.advanceAndTick(Duration.ofDays(1));

        assertThat(sift.sla(id)).isNull();
        assertThat(breaches(id)).isEmpty();
    }

    @Test
    void anUnacknowledgedIncidentBreachesAtTheDueTimeAndTheTimelineSaysWhich() {
        long id = open(DB_DOWN);
        sift.advanceAndTick(Duration.ofMinutes(14).plusSeconds(59));
        assertThat(breaches(id)).isEmpty();

        sift.advanceAndTick(Duration.ofSeconds(1));

        assertThat(breaches(id)).singleElement().satisfies(e -> {
            assertThat(e.message()).isEqualTo("SLA breached: not acknowledged within 15m (policy P1-default)");
            assertThat(e.at()).isEqualTo(t0.plus(Duration.ofMinutes(15)));
            assertThat(e.actor()).isEqualTo(TimelineEntry.SYSTEM);
        });
        assertThat(sift.sla(id).ackBreached()).isTrue();
        assertThat(sift.sla(id).resolveBreached()).isFalse();
        sift.advanceAndTick(Duration.ofHours(1));
        assertThat(breaches(id)).hasSize(1); // once per clock
    }

    @Test
    void acknowledgingStopsTheAcknowledgeClockWhileTheResolveClockRunsOn() {
        long id = open(DB_DOWN);
        sift.clock.advance(Duration.ofMinutes(10));
        sift.act(id, "alice", new Action.Acknowledge());

        sift.advanceAndTick(Duration.ofHours(3).plusMinutes(49));
        assertThat(breaches(id)).isEmpty();
        sift.advanceAndTick(Duration.ofMinutes(1));

        assertThat(breaches(id)).extracting(TimelineEntry::message)
                .containsExactly("SLA breached: not resolved within 4h (policy P1-default)");
        assertThat(sift.sla(id).ackBreached()).isFalse();
        assertThat(sift.sla(id).ackDueAt()).isEqualTo(t0.plus(Duration.ofMinutes(15))); // kept: it was met
    }

    @Test
    void resolvingStopsBothClocks() {
        long id = open(DB_DOWN);
        sift.clock.advance(Duration.ofMinutes(5));
        sift.act(id, "alice", new Action.Resolve("restarted"));

        sift.advanceAndTick(Duration.ofHours(6));

        assertThat(breaches(id)).isEmpty();
        assertThat(sift.sla(id).ackDueAt()).isEqualTo(t0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void aSnoozePausesTheClocksAndItsKnownEndMovesTheDueTimes() {
        long id = open(DB_DOWN);
        sift.clock.advance(Duration.ofMinutes(5));
        sift.act(id, "alice", new Action.Snooze(sift.clock.now().plus(Duration.ofMinutes(30))));

        assertThat(sift.sla(id).ackDueAt()).isEqualTo(t0.plus(Duration.ofMinutes(45)));
        assertThat(sift.sla(id).pauses()).containsExactly(
                new Pause(t0.plus(Duration.ofMinutes(5)), t0.plus(Duration.ofMinutes(35))));

        sift.advanceAndTick(Duration.ofMinutes(30)); // the snooze ends at 00:35; 10 of the 15 minutes are left
        assertThat(sift.sla(id).pauses()).containsExactly(
                new Pause(t0.plus(Duration.ofMinutes(5)), t0.plus(Duration.ofMinutes(35))));
        sift.advanceAndTick(Duration.ofMinutes(9));
        assertThat(breaches(id)).isEmpty();
        sift.advanceAndTick(Duration.ofMinutes(1));
        assertThat(breaches(id)).extracting(TimelineEntry::at).containsExactly(t0.plus(Duration.ofMinutes(45)));
    }

    @Test
    void acknowledgingDuringASnoozeMeetsTheAcknowledgeClockAndEndsThePause() {
        long id = open(DB_DOWN);
        sift.clock.advance(Duration.ofMinutes(5));
        sift.act(id, "alice", new Action.Snooze(sift.clock.now().plus(Duration.ofHours(1))));
        sift.clock.advance(Duration.ofMinutes(20));
        sift.act(id, "bob", new Action.Acknowledge());

        assertThat(sift.sla(id).pauses()).containsExactly(
                new Pause(t0.plus(Duration.ofMinutes(5)), t0.plus(Duration.ofMinutes(25))));
        assertThat(sift.sla(id).resolveDueAt()).isEqualTo(t0.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(20)));
        sift.advanceAndTick(Duration.ofHours(2));
        assertThat(breaches(id)).isEmpty();
    }

    @Test
    void aBreachCanRaiseThePriorityAndThePolicyOfTheNewPriorityThenApplies() {
        long id = open(DB_SLOW); // P3 in queue db: db-P3, ack within 1h, raiseTo P1
        assertThat(sift.incident(id).priority()).isEqualTo(Priority.P3);

        sift.advanceAndTick(Duration.ofHours(1));

        assertThat(breaches(id)).extracting(TimelineEntry::message).containsExactly(
                "SLA breached: not acknowledged within 1h (policy db-P3); priority P3 → P1");
        assertThat(sift.incident(id).priority()).isEqualTo(Priority.P1);
        // now P1-default applies, from the same start: resolve by 4h; the acknowledge breach is not repeated
        IncidentSla sla = sift.sla(id);
        assertThat(sla.policy()).isEqualTo("P1-default");
        assertThat(sla.ackBreached()).isTrue();
        assertThat(sla.resolveDueAt()).isEqualTo(t0.plus(Duration.ofHours(4)));
        sift.advanceAndTick(Duration.ofHours(3));
        assertThat(breaches(id)).extracting(TimelineEntry::message).containsExactly(
                "SLA breached: not acknowledged within 1h (policy db-P3); priority P3 → P1",
                "SLA breached: not resolved within 4h (policy P1-default)");
    }

    @Test
    void raisePriorityRaisesOneStep() {
        var oneStep = new SlaPolicy("web", Set.of("web"), Set.of(), Duration.ofMinutes(30), null, null, null, true);
        var engine = new EngineDriver(new Engine(rules(oneStep)), new MutableClock(t0));
        long id = engine.ingest(firing(WEB_SLOW, null)).incidentId();

        engine.advanceAndTick(Duration.ofMinutes(30));

        assertThat(engine.incident(id).priority()).isEqualTo(Priority.P2);
        assertThat(engine.lastEntry(id).message())
                .isEqualTo("SLA breached: not acknowledged within 30m (policy web); priority P3 → P2");
    }

    @Test
    void aPriorityChangedByAPersonChoosesThePolicyAgainFromTheSameStart() {
        long id = open(DB_SLOW);
        assertThat(sift.sla(id).ackDueAt()).isEqualTo(t0.plus(Duration.ofHours(1)));
        sift.clock.advance(Duration.ofMinutes(20));

        sift.act(id, "alice", new Action.SetPriority(Priority.P1));

        assertThat(sift.sla(id).policy()).isEqualTo("P1-default");
        assertThat(sift.sla(id).ackDueAt()).isEqualTo(t0.plus(Duration.ofMinutes(15))); // already past
        sift.tick();
        assertThat(breaches(id)).extracting(TimelineEntry::message)
                .containsExactly("SLA breached: not acknowledged within 15m (policy P1-default)");
    }

    @Test
    void aReopenedIncidentsClocksRunOnWithTheResolvedTimeAsAPause() {
        long id = open(DB_DOWN);
        sift.clock.advance(Duration.ofMinutes(10));
        sift.act(id, "alice", new Action.Resolve(null));
        sift.clock.advance(Duration.ofHours(1));
        sift.act(id, "alice", new Action.Reopen("it is back"));

        assertThat(sift.sla(id).ackDueAt()).isEqualTo(t0.plus(Duration.ofMinutes(75)));
        sift.advanceAndTick(Duration.ofMinutes(5));
        assertThat(breaches(id)).extracting(TimelineEntry::at).containsExactly(t0.plus(Duration.ofMinutes(75)));
    }

    @Test
    void aFlappingAlertThatReopensItsIncidentDoesNotGetAFreshClock() {
        long id = open(DB_DOWN);
        sift.clock.advance(Duration.ofMinutes(5));
        sift.ingest(Signals.resolved(DB_DOWN, null)); // auto-resolved: nobody took it
        sift.clock.advance(Duration.ofMinutes(3));
        assertThat(sift.ingest(firing(DB_DOWN, sift.clock.now())).incidentId()).isEqualTo(id); // reopened

        // 5 minutes ran before the flap, 3 were resolved: 10 are left, due 18 minutes after the first signal
        assertThat(sift.sla(id).ackDueAt()).isEqualTo(t0.plus(Duration.ofMinutes(18)));
        sift.advanceAndTick(Duration.ofMinutes(10));
        assertThat(breaches(id)).extracting(TimelineEntry::at).containsExactly(t0.plus(Duration.ofMinutes(18)));
    }

    @Test
    void businessHoursCountOnlyWorkingTime() {
        var week = new java.util.EnumMap<DayOfWeek, List<BusinessCalendar.Hours>>(DayOfWeek.class);
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(d, List.of(new BusinessCalendar.Hours(LocalTime.of(9, 0), LocalTime.of(17, 0))));
        }
        var office = new BusinessCalendar("office", week, ZoneId.of("UTC"), Set.of());
        var policy = new SlaPolicy("web-office", Set.of("web"), Set.of(), Duration.ofHours(2), null, office, null,
                false);
        // START is Saturday 2025-03-01 09:00 UTC: the clock starts Monday 09:00
        var engine = new EngineDriver(new Engine(rules(policy)), new MutableClock(t0));
        // an event source: it does not expire over the weekend as an unrepeated Alertmanager alert would
        long id = engine.ingest(firing(dev.sift.core.alert.Source.EVENTS, WEB_SLOW, null)).incidentId();

        assertThat(engine.sla(id).ackDueAt()).isEqualTo(Instant.parse("2025-03-03T11:00:00Z"));
        engine.advanceAndTick(Duration.ofDays(2)); // Monday 09:00
        assertThat(engine.kinds(id)).doesNotContain(TimelineKind.SLA_BREACHED);
        engine.advanceAndTick(Duration.ofHours(2));
        assertThat(engine.lastEntry(id).message()).isEqualTo(
                "SLA breached: not acknowledged within 2h of working time (calendar office) (policy web-office)");
    }

    @Test
    void theClocksSurviveARestart() {
        long id = open(DB_DOWN);
        sift.clock.advance(Duration.ofMinutes(5));
        sift.act(id, "alice", new Action.Snooze(sift.clock.now().plus(Duration.ofMinutes(30))));
        sift.clock.advance(Duration.ofMinutes(1));

        var restarted = new EngineDriver(new Engine(rules(P1_DEFAULT, DB_P3)), sift.clock);
        restarted.engine.restore(sift.snapshot());
        restarted.clock.advanceTo(t0.plus(Duration.ofMinutes(44)));
        restarted.tick();
        assertThat(restarted.allTimeline()).extracting(TimelineEntry::kind).doesNotContain(TimelineKind.SLA_BREACHED);
        restarted.advanceAndTick(Duration.ofMinutes(1));

        assertThat(restarted.allTimeline()).filteredOn(e -> e.kind() == TimelineKind.SLA_BREACHED)
                .extracting(TimelineEntry::message)
                .containsExactly("SLA breached: not acknowledged within 15m (policy P1-default)");
    }

    @Test
    void aReloadWithOtherPoliciesMovesTheDueTimes() {
        long id = open(DB_DOWN);
        var stricter = new SlaPolicy("P1-strict", Set.of(), Set.of(Priority.P1), Duration.ofMinutes(5), null, null,
                null, false);

        sift.apply(new Command.UseRules(rules(stricter)));

        assertThat(sift.sla(id).policy()).isEqualTo("P1-strict");
        assertThat(sift.sla(id).ackDueAt()).isEqualTo(t0.plus(Duration.ofMinutes(5)));
        assertThat(sift.sla(id).resolveDueAt()).isNull();
        sift.advanceAndTick(Duration.ofMinutes(5));
        assertThat(breaches(id)).extracting(TimelineEntry::message)
                .containsExactly("SLA breached: not acknowledged within 5m (policy P1-strict)");
    }
}
