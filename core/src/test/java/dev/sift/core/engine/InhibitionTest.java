package dev.sift.core.engine;

import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.inhibition.InhibitRule;
import dev.sift.core.inhibition.Inhibition;
import dev.sift.core.matching.Matcher;
import dev.sift.core.routing.RouteTree;
import dev.sift.core.rules.Rules;
import dev.sift.core.silence.Silencing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inhibition: while a source alert fires in an open incident, a new target alert with the same {@code equal}
 * labels is attached to that incident as a related alert with the reason, instead of opening one of its own.
 * When the source stops firing, a target that still fires is placed as a new alert would be (its own incident);
 * a target's recovery is always processed.
 */
class InhibitionTest {
    static final InhibitRule DB_DOWN_MUTES_LAG = new InhibitRule("db-down-mutes-lag",
            Matcher.parse("alertname=\"DbDown\""), Matcher.parse("alertname=\"ReplicaLag\""), List.of("zone"));
    static final Map<String, String> DB_DOWN_AB = labels("alertname", "DbDown", "zone", "AB", "severity", "warning");
    static final Map<String, String> LAG_AB = labels("alertname", "ReplicaLag", "zone", "AB", "severity", "critical");
    static final Map<String, String> LAG_XQ = labels("alertname", "ReplicaLag", "zone", "XQ", "severity", "critical");

    final EngineDriver sift = withRules(DB_DOWN_MUTES_LAG);

    static EngineDriver withRules(InhibitRule... rules) {
        return new EngineDriver(new Engine(rulesOf(rules)), new MutableClock(EngineDriver.START));
    }

    static Rules rulesOf(InhibitRule... rules) {
        return new Rules(EngineDriver.ALONE, RouteTree.EMPTY, Silencing.NONE, new Inhibition(List.of(rules)));
    }

    @Test
    void aTargetAlertWhileItsSourceFiresIsAttachedToTheSourcesIncidentWithTheReason() {
        var source = sift.ingest(firing(DB_DOWN_AB, null));
        sift.clock.advance(Duration.ofMinutes(2));

        var target = sift.ingest(firing(LAG_AB, null));
        sift.clock.advance(Duration.ofMinutes(1));
        var repeat = sift.ingest(firing(LAG_AB, null));

        assertThat(target.effect()).isEqualTo(SignalEffect.INHIBITED);
        assertThat(target.incidentId()).isEqualTo(1);
        assertThat(repeat.effect()).isEqualTo(SignalEffect.REPEATED);
        Alert a = sift.alert(target.alertId());
        assertThat(a.incidentId()).isEqualTo(1);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.inhibitedBy()).isEqualTo(source.alertId());
        assertThat(a.inhibitReason()).isEqualTo("inhibited by DbDown in #1: rule 'db-down-mutes-lag', equal zone=AB");
        assertThat(sift.incidents()).hasSize(1);
        assertThat(sift.alertsOf(1)).extracting(Alert::id).containsExactly(source.alertId(), target.alertId());
        assertThat(sift.kinds(1)).containsExactly(TimelineKind.OPENED, TimelineKind.INHIBITED);
        assertThat(sift.lastEntry(1).message())
                .isEqualTo("ReplicaLag inhibited by DbDown in #1: rule 'db-down-mutes-lag', equal zone=AB");
        assertThat(sift.incident(1).priority()).as("a related alert does not raise the priority")
                .isEqualTo(Priority.P3);
        assertThat(sift.incident(1).labels()).as("nor narrow the common labels").containsEntry("alertname", "DbDown");
    }

    @Test
    void aTargetWithOtherEqualLabelsOrBeforeItsSourceOpensItsOwnIncident() {
        sift.ingest(firing(LAG_AB, null)); // before the source: open incidents are not touched
        sift.ingest(firing(DB_DOWN_AB, null));
        var otherZone = sift.ingest(firing(LAG_XQ, null));

        assertThat(otherZone.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(sift.incidents()).hasSize(3);
        assertThat(sift.alert(1).isInhibited()).isFalse();
    }

    @Test
    void aSourceInAResolvedIncidentInhibitsNothing() {
        sift.ingest(firing(DB_DOWN_AB, null));
        sift.ingest(resolved(DB_DOWN_AB, null));
        assertThat(sift.incident(1).status()).isEqualTo(IncidentStatus.RESOLVED);

        assertThat(sift.ingest(firing(LAG_AB, null)).effect()).isEqualTo(SignalEffect.OPENED);
    }

    @Test
    void whenTheSourceResolvesATargetThatStillFiresOpensItsOwnIncidentWithANoteOnBoth() {
        sift.ingest(firing(DB_DOWN_AB, null));
        long target = sift.ingest(firing(LAG_AB, null)).alertId();
        sift.clock.advance(Duration.ofMinutes(10));
        sift.ingest(firing(LAG_AB, null));

        sift.ingest(resolved(DB_DOWN_AB, null));

        Alert a = sift.alert(target);
        assertThat(a.incidentId()).isEqualTo(2);
        assertThat(a.isInhibited()).isFalse();
        assertThat(sift.incident(2).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(sift.incident(2).priority()).isEqualTo(Priority.P1);
        assertThat(sift.timeline(2).get(0).message()).isEqualTo("opened by ReplicaLag (severity critical → P1) when"
                + " its inhibition ended: DbDown resolved in #1 while it still fires (first seen 2025-03-01T09:00:00Z,"
                + " 2 signals while inhibited by DbDown in #1: rule 'db-down-mutes-lag', equal zone=AB)");
        assertThat(sift.kinds(1)).containsExactly(TimelineKind.OPENED, TimelineKind.INHIBITED,
                TimelineKind.ALERT_RESOLVED, TimelineKind.INHIBITED, TimelineKind.RESOLVED);
        assertThat(sift.timeline(1).get(3).message())
                .isEqualTo("ReplicaLag is no longer inhibited: DbDown resolved in #1; it opened #2");
        assertThat(sift.incident(1).status()).as("its own alert recovered").isEqualTo(IncidentStatus.RESOLVED);
        assertThat(sift.alertsOf(1)).hasSize(1);
        // From then on it is an ordinary alert of its own incident.
        assertThat(sift.ingest(resolved(LAG_AB, null)).incidentId()).isEqualTo(2);
        assertThat(sift.incident(2).status()).isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void aRecoveryOfAnInhibitedAlertIsProcessedAndTheSourceResolvingLaterOpensNothing() {
        sift.ingest(firing(DB_DOWN_AB, null));
        long target = sift.ingest(firing(LAG_AB, null)).alertId();

        var recovery = sift.ingest(resolved(LAG_AB, null));
        assertThat(recovery.effect()).isEqualTo(SignalEffect.RESOLVED);
        assertThat(sift.alert(target).status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(sift.alert(target).inhibitedBy()).as("history keeps what inhibited it").isEqualTo(1);
        assertThat(sift.lastEntry(1).message()).isEqualTo("ReplicaLag (inhibited) resolved");
        assertThat(sift.incident(1).status()).isEqualTo(IncidentStatus.TRIGGERED);

        sift.ingest(resolved(DB_DOWN_AB, null));
        assertThat(sift.incidents()).hasSize(1);
        assertThat(sift.incident(1).status()).isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void anInhibitedTargetThatFiresAgainIsDecidedAnew() {
        sift.ingest(firing(DB_DOWN_AB, null));
        sift.ingest(firing(LAG_AB, null));
        sift.ingest(resolved(LAG_AB, null));

        var again = sift.ingest(firing(LAG_AB, null));
        assertThat(again.effect()).isEqualTo(SignalEffect.INHIBITED);
        assertThat(again.alertId()).isEqualTo(3);
        sift.ingest(resolved(DB_DOWN_AB, null));
        assertThat(sift.alert(3).incidentId()).isEqualTo(2);
    }

    @Test
    void whenTheSourceExpiresTheTargetOpensItsOwnIncidentToo() {
        sift.ingest(firing(DB_DOWN_AB, null));
        long target = sift.ingest(firing(LAG_AB, null)).alertId();
        for (int i = 0; i < 3; i++) { // the target keeps being sent; the source is not
            sift.clock.advance(Duration.ofHours(4));
            sift.ingest(firing(LAG_AB, null));
        }
        sift.advanceAndTick(Duration.ofMinutes(1));

        assertThat(sift.alert(1).resolution()).isEqualTo(Alert.EXPIRED);
        assertThat(sift.alert(target).incidentId()).isEqualTo(2);
        assertThat(sift.incident(1).status()).isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void aSilencedTargetWhoseSilenceEndsWhileTheSourceFiresIsAttachedToTheSourcesIncident() {
        var silence = (Outcome.SilenceChanged) sift.apply(new Command.CreateSilence(Matcher.parse("zone=\"AB\""),
                null, sift.clock.now().plus(Duration.ofHours(1)), "alice", "zone AB maintenance"));
        var lag = sift.ingest(firing(LAG_AB, null));
        assertThat(lag.effect()).isEqualTo(SignalEffect.SILENCED);
        sift.clock.advance(Duration.ofMinutes(30));
        sift.apply(new Command.ExpireSilence(silence.silence().id(), "alice"));
        // no source yet: the target opened its own incident when the silence ended
        assertThat(sift.alert(lag.alertId()).incidentId()).isEqualTo(1);

        var silence2 = (Outcome.SilenceChanged) sift.apply(new Command.CreateSilence(
                Matcher.parse("alertname=\"ReplicaLag\""), null, sift.clock.now().plus(Duration.ofHours(1)), "alice",
                "known lag"));
        sift.ingest(firing(DB_DOWN_AB, null)); // #2
        var xq = sift.ingest(firing(labels("alertname", "ReplicaLag", "zone", "AB", "replica", "r2"), null));
        assertThat(xq.effect()).isEqualTo(SignalEffect.SILENCED);
        sift.clock.advance(Duration.ofMinutes(5));
        sift.ingest(firing(labels("alertname", "ReplicaLag", "zone", "AB", "replica", "r2"), null));

        sift.advanceAndTick(Duration.ofHours(1)); // the silence ends while DbDown fires

        Alert a = sift.alert(xq.alertId());
        assertThat(a.isSilenced()).isFalse();
        assertThat(a.incidentId()).isEqualTo(2);
        assertThat(a.inhibitReason()).isEqualTo("inhibited by DbDown in #2: rule 'db-down-mutes-lag', equal zone=AB");
        assertThat(sift.lastEntry(2).message()).startsWith("ReplicaLag inhibited by DbDown in #2: rule"
                + " 'db-down-mutes-lag', equal zone=AB when its silence ended (it was silenced by silence "
                + silence2.silence().id());
        assertThat(sift.incidents()).hasSize(2);
    }

    @Test
    void aTargetReleasedWhileASilenceHoldsItIsSilencedAndARecoveryThenOpensNothing() {
        sift.ingest(firing(DB_DOWN_AB, null));
        long target = sift.ingest(firing(LAG_AB, null)).alertId();
        sift.apply(new Command.CreateSilence(Matcher.parse("alertname=\"ReplicaLag\""), null,
                sift.clock.now().plus(Duration.ofHours(1)), "alice", "known lag"));

        sift.ingest(resolved(DB_DOWN_AB, null));
        Alert a = sift.alert(target);
        assertThat(a.incidentId()).isZero();
        assertThat(a.silencedBy()).isEqualTo("silence:1");
        assertThat(sift.timeline(1).get(3).message()).startsWith("ReplicaLag is no longer inhibited: DbDown resolved"
                + " in #1; it is silenced by silence 1 by alice");
        assertThat(sift.incident(1).status()).isEqualTo(IncidentStatus.RESOLVED);

        sift.ingest(resolved(LAG_AB, null));
        sift.advanceAndTick(Duration.ofHours(2));
        assertThat(sift.incidents()).hasSize(1);
    }

    @Test
    void aReloadWithoutTheRuleReleasesTheTarget() {
        sift.ingest(firing(DB_DOWN_AB, null));
        long target = sift.ingest(firing(LAG_AB, null)).alertId();

        sift.apply(new Command.UseRules(Rules.of(EngineDriver.ALONE)));

        assertThat(sift.alert(target).incidentId()).isEqualTo(2);
        assertThat(sift.lastEntry(1).message()).isEqualTo("ReplicaLag is no longer inhibited: the rules changed and"
                + " no inhibit rule holds it back; it opened #2");
    }

    @Test
    void twoAlertsMatchingBothSidesDoNotInhibitEachOther() {
        var zoneDown = new InhibitRule("zone-down", Matcher.parse("severity=\"critical\""),
                Matcher.parse("severity=~\"critical|warning\""), List.of("zone"));
        var engine = withRules(zoneDown);
        engine.ingest(firing(LAG_AB, null));
        var second = engine.ingest(firing(labels("alertname", "Other", "zone", "AB", "severity", "critical"), null));
        var warning = engine.ingest(firing(labels("alertname", "Slow", "zone", "AB", "severity", "warning"), null));

        assertThat(second.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(warning.effect()).isEqualTo(SignalEffect.INHIBITED);
        assertThat(warning.incidentId()).as("the oldest source").isEqualTo(1);
    }

    @Test
    void afterARestartAnInhibitedAlertStaysAttachedAndIsReleasedWhenItsSourceResolves() {
        sift.ingest(firing(DB_DOWN_AB, null));
        long target = sift.ingest(firing(LAG_AB, null)).alertId();
        var state = sift.snapshot();
        state.alerts().stream().filter(x -> x.id() == target).findFirst().orElseThrow()
                .inhibit(1, 1, sift.alert(target).inhibitReason());

        var restarted = new EngineDriver(new Engine(rulesOf(DB_DOWN_MUTES_LAG)), new MutableClock(sift.clock.now()));
        restarted.engine.restore(state);
        assertThat(restarted.ingest(firing(LAG_AB, null)).effect()).isEqualTo(SignalEffect.REPEATED);
        restarted.ingest(resolved(DB_DOWN_AB, null));

        assertThat(restarted.alert(target).incidentId()).isEqualTo(2);
        assertThat(restarted.incident(1).status()).isEqualTo(IncidentStatus.RESOLVED);
    }
}
