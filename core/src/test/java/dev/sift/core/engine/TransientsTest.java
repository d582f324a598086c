package dev.sift.core.engine;

import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.grouping.ContentGrouping;
import dev.sift.core.grouping.GroupingPolicies;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.inhibition.InhibitRule;
import dev.sift.core.inhibition.Inhibition;
import dev.sift.core.matching.Matcher;
import dev.sift.core.routing.RouteTree;
import dev.sift.core.rules.Rules;
import dev.sift.core.silence.Silencing;
import dev.sift.core.transients.TransientRule;
import dev.sift.core.transients.Transients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Transient handling: a new alert that a transient rule matches is pending (stored, counted, in no incident)
 * until it has fired for {@code holdFor} or was seen {@code minOccurrences} times within {@code window}; then it
 * is placed as any new alert (silenced, inhibited, grouped, routed) and the timeline says it was held. One that
 * recovers while pending is auto-cleared and never opens an incident. Time is moved by hand.
 */
class TransientsTest {
    static final TransientRule BLIPS = TransientRule.hold("registration-blips",
            Matcher.parse("alertname=\"RegistrationFailed\""), Duration.ofMinutes(5));
    static final TransientRule THRICE = TransientRule.occurrences("registration-thrice",
            Matcher.parse("alertname=\"RegistrationFailed\""), 3, Duration.ofMinutes(10));
    static final Map<String, String> REG = labels("alertname", "RegistrationFailed", "zone", "AB", "team", "db",
            "severity", "warning");
    static final Map<String, String> DISK = labels("alertname", "DiskFull", "zone", "AB", "severity", "critical");

    static Rules rulesOf(TransientRule... rules) {
        return Rules.of(EngineDriver.ALONE).withTransients(new Transients(List.of(rules)));
    }

    static EngineDriver withRules(Rules rules) {
        return new EngineDriver(new Engine(rules), new MutableClock(EngineDriver.START));
    }

    final EngineDriver sift = withRules(rulesOf(BLIPS));

    @Test
    void aHeldAlertIsPendingInNoIncidentAndOpensItsIncidentWhenItStillFiresAfterTheHold() {
        var first = sift.ingest(firing(REG, null));
        sift.clock.advance(Duration.ofMinutes(2));
        var repeat = sift.ingest(firing(REG, null));

        assertThat(first.effect()).isEqualTo(SignalEffect.PENDING);
        assertThat(first.incidentId()).isZero();
        assertThat(repeat.effect()).isEqualTo(SignalEffect.REPEATED);
        Alert a = sift.alert(first.alertId());
        assertThat(a.isPending()).isTrue();
        assertThat(a.incidentId()).isZero();
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.heldBy()).isEqualTo("registration-blips");
        assertThat(a.heldUntil()).isEqualTo(EngineDriver.START.plus(Duration.ofMinutes(5)));
        assertThat(a.holdReason()).isEqualTo("held by rule 'registration-blips': holdFor 5m");
        assertThat(sift.incidents()).isEmpty();
        assertThat(sift.engine.nextDue()).isEqualTo(a.heldUntil());

        sift.advanceAndTick(Duration.ofMinutes(3));

        assertThat(a.isPending()).isFalse();
        assertThat(a.incidentId()).isEqualTo(1);
        assertThat(a.heldUntil()).isNull();
        assertThat(a.heldBy()).as("kept as history").isEqualTo("registration-blips");
        assertThat(sift.incident(1).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(sift.timeline(1).getFirst().message()).isEqualTo("opened by RegistrationFailed (severity warning"
                + " → P3) after its hold: held 5m by rule 'registration-blips', still firing after 5m (2 signals)");
        // From then on it is an ordinary alert of its incident
        assertThat(sift.ingest(firing(REG, null)).incidentId()).isEqualTo(1);
        assertThat(sift.ingest(resolved(REG, null)).effect()).isEqualTo(SignalEffect.RESOLVED);
        assertThat(sift.incident(1).status()).isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void anAlertThatRecoversWithinItsHoldIsAutoClearedCountedAndNeverOpensAnIncident() {
        long id = sift.ingest(firing(REG, null)).alertId();
        sift.clock.advance(Duration.ofMinutes(2));

        var recovered = sift.ingest(resolved(REG, null));

        assertThat(recovered.effect()).isEqualTo(SignalEffect.AUTO_CLEARED);
        assertThat(sift.lastChanges().autoCleared()).containsExactly(Map.entry("registration-blips", 1));
        Alert a = sift.alert(id);
        assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(a.resolution()).isEqualTo(Alert.AUTO_CLEARED);
        assertThat(a.heldBy()).isEqualTo("registration-blips");
        assertThat(a.heldUntil()).isNull();
        assertThat(a.holdReason()).isEqualTo("auto-cleared: recovered after 2m while held by rule"
                + " 'registration-blips': holdFor 5m");
        sift.advanceAndTick(Duration.ofHours(1));
        assertThat(sift.incidents()).isEmpty();
        assertThat(sift.engine.alertCount()).as("it left memory").isZero();

        var again = sift.ingest(firing(REG, null)); // the next blip is a new pending alert
        assertThat(again.effect()).isEqualTo(SignalEffect.PENDING);
        assertThat(again.alertId()).isNotEqualTo(id);
    }

    @Test
    void anAlertNoRuleMatchesOpensItsIncidentAtOnce() {
        var disk = sift.ingest(firing(DISK, null));
        assertThat(disk.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(sift.alert(disk.alertId()).heldBy()).isNull();
    }

    @Test
    void minOccurrencesCountsFiringSignalsAcrossEpisodesWithinTheWindow() {
        var sift = withRules(rulesOf(THRICE));
        long first = sift.ingest(firing(REG, null)).alertId();
        assertThat(sift.alert(first).holdReason())
                .isEqualTo("held by rule 'registration-thrice': seen 1 of 3 times within 10m");
        assertThat(sift.alert(first).heldUntil()).as("no deadline: it waits to be seen again").isNull();
        sift.clock.advance(Duration.ofMinutes(1));
        assertThat(sift.ingest(resolved(REG, null)).effect()).isEqualTo(SignalEffect.AUTO_CLEARED);

        sift.clock.advance(Duration.ofMinutes(3));
        var second = sift.ingest(firing(REG, null));
        assertThat(second.effect()).isEqualTo(SignalEffect.PENDING);
        assertThat(sift.alert(second.alertId()).holdReason()).endsWith("seen 2 of 3 times within 10m");
        sift.clock.advance(Duration.ofMinutes(2));
        var third = sift.ingest(firing(REG, null)); // a re-send counts: it is still there

        assertThat(third.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(third.incidentId()).isEqualTo(1);
        assertThat(sift.timeline(1).getFirst().message()).isEqualTo("opened by RegistrationFailed (severity warning"
                + " → P3) after its hold: held 2m by rule 'registration-thrice', seen 3 times within 10m"
                + " (2 signals)");
    }

    @Test
    void occurrencesOlderThanTheWindowDoNotCount() {
        var sift = withRules(rulesOf(THRICE));
        sift.ingest(firing(REG, null));
        sift.clock.advance(Duration.ofMinutes(6));
        sift.ingest(firing(REG, null));
        sift.clock.advance(Duration.ofMinutes(6)); // the first signal left the 10m window
        var third = sift.ingest(firing(REG, null));

        assertThat(third.effect()).isEqualTo(SignalEffect.REPEATED);
        assertThat(sift.alert(third.alertId()).holdReason()).endsWith("seen 2 of 3 times within 10m");
        assertThat(sift.incidents()).isEmpty();
    }

    @Test
    void withHoldAndMinOccurrencesWhicheverComesFirstLetsTheAlertThrough() {
        var both = new TransientRule("both", Matcher.parse("alertname=\"RegistrationFailed\""),
                Duration.ofMinutes(30), 3, Duration.ofMinutes(10));
        var sift = withRules(rulesOf(both));
        sift.ingest(firing(REG, null));
        assertThat(sift.alert(1).holdReason())
                .isEqualTo("held by rule 'both': holdFor 30m, or seen 1 of 3 times within 10m");
        sift.clock.advance(Duration.ofMinutes(1));
        sift.ingest(firing(REG, null));
        sift.clock.advance(Duration.ofMinutes(1));
        assertThat(sift.ingest(firing(REG, null)).effect()).isEqualTo(SignalEffect.OPENED);

        var quiet = withRules(rulesOf(both)); // sent once only: the hold decides
        quiet.ingest(firing(REG, null));
        quiet.advanceAndTick(Duration.ofMinutes(30));
        assertThat(quiet.alert(1).incidentId()).isEqualTo(1);
        assertThat(quiet.timeline(1).getFirst().message()).endsWith("held 30m by rule 'both', still firing after 30m"
                + " (1 signal)");
    }

    @Test
    void theFirstMatchingRuleDecides() {
        var sift = withRules(rulesOf(TransientRule.hold("first", Matcher.parse("zone=\"AB\""), Duration.ofMinutes(1)),
                BLIPS));
        sift.ingest(firing(REG, null));
        assertThat(sift.alert(1).heldBy()).isEqualTo("first");
        sift.advanceAndTick(Duration.ofMinutes(1));
        assertThat(sift.alert(1).incidentId()).isEqualTo(1);
    }

    @Test
    void aSourceAcknowledgeOfAPendingAlertChangesNothing() {
        var sift = withRules(rulesOf(TransientRule.hold("events", Matcher.parse("@source=\"events\""),
                Duration.ofMinutes(5))));
        long id = sift.ingest(Signals.trigger(7, "db1/disk", "Disk full on db1", "critical")).alertId();
        var ack = sift.ingest(Signals.acknowledgeEvent(7, "db1/disk", "nagios"));
        assertThat(ack.effect()).isEqualTo(SignalEffect.ACKNOWLEDGED);
        assertThat(ack.incidentId()).isZero();
        assertThat(sift.alert(id).isPending()).isTrue();
    }

    @Test
    void aPendingAlertThatIsNotSentAgainExpiresInNoIncident() {
        var sift = withRules(rulesOf(TransientRule.hold("long", Matcher.parse("alertname=\"RegistrationFailed\""),
                Duration.ofDays(1))));
        long id = sift.ingest(firing(REG, null)).alertId();
        sift.advanceAndTick(Duration.ofHours(13)); // the default expiry of re-sent alerts is 12h

        assertThat(sift.alert(id).resolution()).isEqualTo(Alert.EXPIRED);
        assertThat(sift.alert(id).holdReason()).startsWith("expired while held by rule 'long'");
        sift.advanceAndTick(Duration.ofDays(1));
        assertThat(sift.incidents()).isEmpty();
    }

    // ---- interplay ------------------------------------------------------------------------------------------

    private static void silence(EngineDriver sift, Duration length) {
        sift.apply(new Command.CreateSilence(Matcher.parse("team=\"db\""), null, sift.clock.now().plus(length),
                "alice", "moving the database"));
    }

    @Test
    void heldAndSilencedAndRecoveredWithinTheHoldIsAutoClearedTheHoldComesFirst() {
        silence(sift, Duration.ofHours(2));
        var first = sift.ingest(firing(REG, null));
        assertThat(first.effect()).isEqualTo(SignalEffect.PENDING);
        sift.clock.advance(Duration.ofMinutes(2));

        assertThat(sift.ingest(resolved(REG, null)).effect()).isEqualTo(SignalEffect.AUTO_CLEARED);
        assertThat(sift.alert(first.alertId()).isSilenced()).isFalse();
        sift.advanceAndTick(Duration.ofHours(3));
        assertThat(sift.incidents()).isEmpty();
    }

    @Test
    void heldThenSilencedThenRecoveredEndsAsASilencedAlertWithoutAnIncident() {
        silence(sift, Duration.ofHours(2));
        long id = sift.ingest(firing(REG, null)).alertId();

        sift.advanceAndTick(Duration.ofMinutes(5)); // the hold ends under the silence
        Alert a = sift.alert(id);
        assertThat(a.isPending()).isFalse();
        assertThat(a.isSilenced()).isTrue();
        assertThat(a.incidentId()).isZero();
        assertThat(a.holdReason()).isEqualTo("held 5m by rule 'registration-blips', still firing after 5m (1 signal)");

        sift.clock.advance(Duration.ofMinutes(10));
        assertThat(sift.ingest(resolved(REG, null)).effect()).isEqualTo(SignalEffect.RESOLVED);
        assertThat(a.resolution()).as("it outlived its hold: a silenced recovery, not auto-cleared")
                .isEqualTo(Alert.RESOLVED_BY_SOURCE);
        assertThat(sift.lastChanges().autoCleared()).isEmpty();
        sift.advanceAndTick(Duration.ofHours(3));
        assertThat(sift.incidents()).isEmpty();
    }

    @Test
    void heldThenSilencedOpensItsIncidentWhenTheSilenceEndsWhileItStillFires() {
        silence(sift, Duration.ofMinutes(30));
        long id = sift.ingest(firing(REG, null)).alertId();
        sift.advanceAndTick(Duration.ofMinutes(5));
        sift.advanceAndTick(Duration.ofMinutes(25));

        assertThat(sift.alert(id).incidentId()).isEqualTo(1);
        assertThat(sift.timeline(1).getFirst().message()).contains("when its silence ended: it still fires");
    }

    @Test
    void aHeldAlertWhoseInhibitingSourceFiresIsAttachedAsRelatedAndOpensItsOwnWhenTheSourceResolves() {
        var rule = new InhibitRule("disk-mutes-registration", Matcher.parse("alertname=\"DiskFull\""),
                Matcher.parse("alertname=\"RegistrationFailed\""), List.of("zone"));
        var sift = withRules(new Rules(EngineDriver.ALONE, RouteTree.EMPTY, Silencing.NONE,
                new Inhibition(List.of(rule))).withTransients(new Transients(List.of(BLIPS))));
        sift.ingest(firing(DISK, null));
        long reg = sift.ingest(firing(REG, null)).alertId();
        sift.advanceAndTick(Duration.ofMinutes(5));

        assertThat(sift.alert(reg).inhibitedBy()).isEqualTo(1);
        assertThat(sift.lastEntry(1).message()).isEqualTo("RegistrationFailed inhibited by DiskFull in #1: rule"
                + " 'disk-mutes-registration', equal zone=AB (held 5m by rule 'registration-blips', still firing"
                + " after 5m (1 signal))");

        sift.ingest(resolved(DISK, null));
        assertThat(sift.alert(reg).incidentId()).isEqualTo(2);
        assertThat(sift.incident(2).status()).isEqualTo(IncidentStatus.TRIGGERED);
    }

    @Test
    void aHeldAlertJoinsARelatedIncidentAsGroupingDecides() {
        var grouped = Rules.of(AutomationPolicy.defaults().withGrouping(GroupingPolicies.only(
                new ContentGrouping(List.of("zone"), ContentGrouping.Match.ALL))))
                .withTransients(new Transients(List.of(BLIPS)));
        var sift = withRules(grouped);
        sift.ingest(firing(DISK, null));
        long reg = sift.ingest(firing(REG, null)).alertId();
        sift.advanceAndTick(Duration.ofMinutes(5));

        assertThat(sift.alert(reg).incidentId()).isEqualTo(1);
        assertThat(sift.lastEntry(1).kind()).isEqualTo(TimelineKind.GROUPED);
        assertThat(sift.lastEntry(1).message()).isEqualTo("RegistrationFailed joined: same zone=AB (content"
                + " grouping by zone) (held 5m by rule 'registration-blips', still firing after 5m (1 signal))");
    }

    /** Blips, a held alert that persists, one seen often enough, and one that flaps: timers only through ticks. */
    static List<String> script() {
        var sift = withRules(rulesOf(BLIPS, TransientRule.occurrences("disk-thrice",
                Matcher.parse("alertname=\"DiskFull\""), 3, Duration.ofMinutes(10))));
        var link = labels("alertname", "LinkDown", "zone", "XQ", "severity", "critical");
        sift.ingest(firing(link, null));
        for (int i = 0; i < 12; i++) {
            sift.clock.advance(Duration.ofMinutes(1));
            sift.ingest(i % 4 == 0 ? resolved(REG, null) : firing(REG, null));
            sift.ingest(i % 2 == 0 ? firing(DISK, null) : resolved(DISK, null));
            sift.ingest(i % 3 == 0 ? resolved(link, null) : firing(link, null));
            sift.tick();
        }
        sift.advanceAndTick(Duration.ofHours(1));
        List<String> seen = new java.util.ArrayList<>();
        sift.allTimeline().forEach(e -> seen.add(e.incidentId() + " " + e.at() + " " + e.kind() + " " + e.message()));
        for (long id = 1; ; id++) {
            try {
                Alert a = sift.alert(id);
                seen.add(id + " " + a.incidentId() + " " + a.status() + " " + a.resolution() + " " + a.heldBy()
                        + " " + a.holdReason() + " " + a.isFlapping());
            } catch (java.util.NoSuchElementException end) {
                break;
            }
        }
        return seen;
    }

    @Test
    void theSameSignalsAtTheSameInstantsAreHeldClearedAndFlapTheSame() {
        List<String> first = script();
        assertThat(first).anyMatch(l -> l.contains("auto-cleared")).anyMatch(l -> l.contains("after its hold"))
                .anyMatch(l -> l.contains("is flapping"));
        assertThat(script()).isEqualTo(first);
    }

    @Test
    void aPendingAlertSurvivesARestartWithItsHoldDeadline() {
        long id = sift.ingest(firing(REG, null)).alertId();
        sift.clock.advance(Duration.ofMinutes(3));
        var stored = sift.copy(sift.alert(id));

        var restarted = withRules(rulesOf(BLIPS));
        restarted.clock.advance(Duration.ofMinutes(3));
        restarted.engine.restore(new EngineState(List.of(), List.of(), 0, id, List.of(stored),
                Map.of(Signals.AM_INTEGRATION, "prometheus"), List.of(), 0));
        restarted.tick();
        assertThat(restarted.ingest(firing(REG, null)).effect()).isEqualTo(SignalEffect.REPEATED);
        assertThat(restarted.incidents()).isEmpty();
        assertThat(restarted.engine.nextDue()).isEqualTo(EngineDriver.START.plus(Duration.ofMinutes(5)));

        restarted.advanceAndTick(Duration.ofMinutes(2));
        assertThat(restarted.alert(id).incidentId()).isEqualTo(1);
        assertThat(restarted.timeline(1).getFirst().message()).endsWith("held 5m by rule 'registration-blips',"
                + " still firing after 5m (2 signals)");
    }

    @Test
    void aPendingAlertWhoseHoldEndedWhileSiftWasDownOpensAtTheFirstTick() {
        long id = sift.ingest(firing(REG, null)).alertId();
        var stored = sift.copy(sift.alert(id));
        var restarted = withRules(rulesOf(BLIPS));
        restarted.clock.advance(Duration.ofMinutes(20));
        restarted.engine.restore(new EngineState(List.of(), List.of(), 0, id, List.of(stored), Map.of(), List.of(),
                0));
        restarted.tick();
        assertThat(restarted.alert(id).incidentId()).isEqualTo(1);
    }

    @Test
    void aPendingAlertThatNoRuleHoldsAfterAReloadOpensAtOnce() {
        long id = sift.ingest(firing(REG, null)).alertId();
        sift.clock.advance(Duration.ofMinutes(1));
        sift.apply(new Command.UseRules(Rules.of(EngineDriver.ALONE)));

        assertThat(sift.alert(id).incidentId()).isEqualTo(1);
        assertThat(sift.timeline(1).getFirst().message()).endsWith("after its hold: held 1m by rule"
                + " 'registration-blips', which no longer holds it (1 signal)");
    }

    @Test
    void aReloadWithALongerHoldMovesTheDeadline() {
        long id = sift.ingest(firing(REG, null)).alertId();
        sift.apply(new Command.UseRules(rulesOf(TransientRule.hold("registration-blips",
                Matcher.parse("alertname=\"RegistrationFailed\""), Duration.ofMinutes(15)))));
        assertThat(sift.alert(id).heldUntil()).isEqualTo(EngineDriver.START.plus(Duration.ofMinutes(15)));
        sift.advanceAndTick(Duration.ofMinutes(10));
        assertThat(sift.alert(id).isPending()).isTrue();
        sift.advanceAndTick(Duration.ofMinutes(5));
        assertThat(sift.alert(id).incidentId()).isEqualTo(1);
    }
}
