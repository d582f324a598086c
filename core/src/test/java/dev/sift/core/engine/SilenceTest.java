package dev.sift.core.engine;

import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.matching.Matcher;
import dev.sift.core.routing.RouteTree;
import dev.sift.core.rules.Rules;
import dev.sift.core.silence.MaintenanceWindow;
import dev.sift.core.silence.Silence;
import dev.sift.core.silence.Silencing;
import dev.sift.core.silence.WeeklySchedule;
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
 * Silences and maintenance windows: signals under them are recorded (stored, counted, visible as silenced with
 * the silence and the reason) without opening incidents; when the silence ends and the alert still fires, it
 * opens its incident then; a recovery is always processed.
 */
class SilenceTest {
    static final Map<String, String> DB_DOWN = labels("alertname", "DbDown", "team", "db", "severity", "critical");
    static final Map<String, String> WEB_DOWN = labels("alertname", "WebDown", "team", "web", "severity", "warning");

    final EngineDriver sift = new EngineDriver();

    Silence silenceDb(Duration length) {
        var outcome = sift.apply(new Command.CreateSilence(Matcher.parse("team=\"db\""), null,
                sift.clock.now().plus(length), "alice", "moving the database"));
        return ((Outcome.SilenceChanged) outcome).silence();
    }

    @Test
    void anAlertUnderASilenceIsRecordedWithTheSilenceAndReasonButOpensNoIncident() {
        Silence s = silenceDb(Duration.ofHours(2));
        assertThat(s.id()).isEqualTo(1);
        assertThat(sift.silence(1).createdBy()).isEqualTo("alice");

        var outcome = sift.ingest(firing(DB_DOWN, null));
        sift.clock.advance(Duration.ofMinutes(5));
        var repeat = sift.ingest(firing(DB_DOWN, null));

        assertThat(outcome.effect()).isEqualTo(SignalEffect.SILENCED);
        assertThat(outcome.incidentId()).isZero();
        assertThat(repeat.effect()).isEqualTo(SignalEffect.REPEATED);
        Alert a = sift.alert(outcome.alertId());
        assertThat(a.incidentId()).isZero();
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.silencedBy()).isEqualTo("silence:1");
        assertThat(a.silenceReason())
                .isEqualTo("silenced by silence 1 by alice: \"moving the database\" until 2025-03-01T11:00:00Z");
        assertThat(sift.incidents()).isEmpty();
        assertThat(sift.allTimeline()).isEmpty();
    }

    @Test
    void whenTheSilenceEndsAndTheAlertStillFiresItOpensItsIncidentThen() {
        silenceDb(Duration.ofHours(2));
        long alertId = sift.ingest(firing(DB_DOWN, null)).alertId();
        sift.clock.advance(Duration.ofMinutes(30));
        sift.ingest(firing(DB_DOWN, null));

        assertThat(sift.advanceAndTick(Duration.ofMinutes(89)).changes()).isZero();
        assertThat(sift.incidents()).isEmpty();
        sift.advanceAndTick(Duration.ofMinutes(1));

        Alert a = sift.alert(alertId);
        assertThat(a.incidentId()).isEqualTo(1);
        assertThat(a.isSilenced()).isFalse();
        assertThat(sift.incident(1).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(sift.incident(1).createdAt()).isEqualTo(Instant.parse("2025-03-01T11:00:00Z"));
        assertThat(sift.kinds(1)).containsExactly(TimelineKind.OPENED);
        assertThat(sift.lastEntry(1).message()).isEqualTo("opened by DbDown (severity critical → P1) when its silence"
                + " ended: it still fires (first seen 2025-03-01T09:00:00Z, 2 signals while silenced by silence 1 by"
                + " alice: \"moving the database\" until 2025-03-01T11:00:00Z)");
        // From then on it is an ordinary alert of an ordinary incident.
        sift.clock.advance(Duration.ofMinutes(1));
        assertThat(sift.ingest(firing(DB_DOWN, null)).effect()).isEqualTo(SignalEffect.REPEATED);
        assertThat(sift.ingest(resolved(DB_DOWN, null)).effect()).isEqualTo(SignalEffect.RESOLVED);
        assertThat(sift.incident(1).status()).isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void aRecoveryUnderASilenceIsProcessedAndTheEndOfTheSilenceThenOpensNothing() {
        silenceDb(Duration.ofHours(2));
        long alertId = sift.ingest(firing(DB_DOWN, null)).alertId();
        sift.clock.advance(Duration.ofMinutes(10));

        var recovery = sift.ingest(resolved(DB_DOWN, null));

        assertThat(recovery.effect()).isEqualTo(SignalEffect.RESOLVED);
        Alert a = sift.alert(alertId);
        assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(a.resolution()).isEqualTo(Alert.RESOLVED_BY_SOURCE);
        assertThat(a.silencedBy()).as("history keeps what silenced it").isEqualTo("silence:1");
        sift.advanceAndTick(Duration.ofHours(3));
        assertThat(sift.incidents()).isEmpty();
        assertThat(sift.engine.alertCount()).isZero();
        // Firing again after the silence is a new alert with an incident of its own.
        var again = sift.ingest(firing(DB_DOWN, null));
        assertThat(again.effect()).isEqualTo(SignalEffect.OPENED);
    }

    @Test
    void expiringASilenceOpensTheIncidentsOfItsStillFiringAlertsAtOnce() {
        silenceDb(Duration.ofHours(2));
        sift.ingest(firing(DB_DOWN, null));
        sift.ingest(firing(labels("alertname", "DbSlow", "team", "db"), null));
        sift.clock.advance(Duration.ofMinutes(20));

        var outcome = sift.apply(new Command.ExpireSilence(1, "bob"));

        assertThat(((Outcome.SilenceChanged) outcome).silence().endsAt()).isEqualTo(sift.clock.now());
        assertThat(sift.silence(1).endsAt()).isEqualTo(sift.clock.now());
        assertThat(sift.incidents()).hasSize(2);
        assertThat(sift.incident(1).title()).isEqualTo("DbDown");
        assertThat(sift.incident(2).title()).isEqualTo("DbSlow");
        assertThat(sift.apply(new Command.ExpireSilence(1, "bob"))).isInstanceOf(Outcome.Rejected.class);
    }

    @Test
    void aSilenceMutesOnlyMatchingAlertsAndLeavesOpenIncidentsAlone() {
        long open = sift.ingest(firing(DB_DOWN, null)).incidentId();
        silenceDb(Duration.ofHours(2));

        assertThat(sift.ingest(firing(DB_DOWN, null)).effect()).as("already in an incident").isEqualTo(SignalEffect.REPEATED);
        assertThat(sift.ingest(firing(WEB_DOWN, null)).effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(sift.ingest(resolved(DB_DOWN, null)).effect()).isEqualTo(SignalEffect.RESOLVED);
        assertThat(sift.incident(open).status()).isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void aSilenceThatStartsLaterMutesFromItsStartOn() {
        sift.apply(new Command.CreateSilence(Matcher.parse("team=\"db\""), sift.clock.now().plus(Duration.ofHours(1)),
                sift.clock.now().plus(Duration.ofHours(2)), "alice", "tonight"));
        assertThat(sift.ingest(firing(labels("alertname", "Early", "team", "db"), null)).effect())
                .isEqualTo(SignalEffect.OPENED);
        sift.advanceAndTick(Duration.ofHours(1));
        assertThat(sift.ingest(firing(DB_DOWN, null)).effect()).isEqualTo(SignalEffect.SILENCED);
    }

    @Test
    void aSilenceMustEndInTheFuture() {
        var outcome = sift.apply(new Command.CreateSilence(List.of(), null, sift.clock.now(), "alice", ""));
        assertThat(outcome).isEqualTo(new Outcome.Rejected(Outcome.Rejected.Reason.INVALID,
                "endsAt 2025-03-01T09:00:00Z must be after now (2025-03-01T09:00:00Z)"));
    }

    @Test
    void aMaintenanceWindowOfTheRulesFileMutesDuringItsWeeklyHoursOnly() {
        // Saturday 2025-03-01 is the START day; 22:00–02:00 Berlin time (CET) is 21:00Z–01:00Z.
        var window = new MaintenanceWindow("nightly", Matcher.parse("team=\"db\""), new WeeklySchedule(
                Set.of(DayOfWeek.SATURDAY), LocalTime.of(22, 0), LocalTime.of(2, 0), ZoneId.of("Europe/Berlin")),
                "backups");
        var engine = new EngineDriver(new Engine(new Rules(AutomationPolicy.defaults(), RouteTree.EMPTY,
                new Silencing(List.of(), List.of(window)))), new MutableClock(EngineDriver.START));

        engine.clock.advanceTo(Instant.parse("2025-03-01T21:30:00Z"));
        var muted = engine.ingest(firing(DB_DOWN, null));
        assertThat(muted.effect()).isEqualTo(SignalEffect.SILENCED);
        assertThat(engine.alert(muted.alertId()).silenceReason())
                .isEqualTo("silenced by maintenance window \"nightly\": \"backups\" until 2025-03-02T01:00:00Z");
        assertThat(engine.alert(muted.alertId()).silencedBy()).isEqualTo("maintenance:nightly");

        engine.clock.advanceTo(Instant.parse("2025-03-02T00:59:59Z"));
        engine.tick();
        assertThat(engine.incidents()).isEmpty();
        engine.clock.advanceTo(Instant.parse("2025-03-02T01:00:00Z"));
        engine.tick();
        assertThat(engine.incidents()).hasSize(1);
        assertThat(engine.ingest(firing(labels("alertname", "After", "team", "db"), null)).effect())
                .isEqualTo(SignalEffect.OPENED);
    }

    @Test
    void aSilenceOfTheRulesFileEndsWhenAReloadDropsIt() {
        var fromFile = new Silence(0, "db-move", Matcher.parse("team=\"db\""), EngineDriver.START,
                EngineDriver.START.plus(Duration.ofDays(1)), Silence.FROM_RULES_FILE, "migration", EngineDriver.START);
        var rules = new Rules(AutomationPolicy.defaults(), RouteTree.EMPTY, new Silencing(List.of(fromFile), List.of()));
        var engine = new EngineDriver(new Engine(rules), new MutableClock(EngineDriver.START));
        var muted = engine.ingest(firing(DB_DOWN, null));
        assertThat(engine.alert(muted.alertId()).silencedBy()).isEqualTo("silence:db-move");
        assertThat(engine.alert(muted.alertId()).silenceReason()).isEqualTo(
                "silenced by silence \"db-move\" (sift.yaml): \"migration\" until 2025-03-02T09:00:00Z");

        engine.clock.advance(Duration.ofMinutes(1));
        engine.apply(new Command.UseRules(Rules.defaults()));

        assertThat(engine.alert(muted.alertId()).incidentId()).isEqualTo(1);
        assertThat(engine.incident(1).createdAt()).isEqualTo(EngineDriver.START.plusSeconds(60));
    }

    @Test
    void aSilencedAlertThatStopsBeingSentExpiresWithoutAnIncident() {
        silenceDb(Duration.ofDays(1));
        long id = sift.ingest(firing(DB_DOWN, null)).alertId();
        sift.advanceAndTick(Duration.ofHours(13));
        assertThat(sift.alert(id).resolution()).isEqualTo(Alert.EXPIRED);
        sift.advanceAndTick(Duration.ofDays(1));
        assertThat(sift.incidents()).isEmpty();
    }

    @Test
    void afterARestartASilencedAlertStaysSilencedAndOpensItsIncidentWhenTheRestoredSilenceEnds() {
        Silence s = silenceDb(Duration.ofHours(2));
        long id = sift.ingest(firing(DB_DOWN, null)).alertId();
        var stored = sift.copy(sift.alert(id));
        stored.silence(sift.alert(id).silencedBy(), sift.alert(id).silenceReason());

        var restarted = new EngineDriver(new Engine(Rules.defaults()), new MutableClock(sift.clock.now()));
        restarted.engine.restore(new EngineState(List.of(), List.of(), 0, id, List.of(stored),
                Map.of(Signals.AM_INTEGRATION, "prometheus"), List.of(s), s.id()));
        restarted.tick();
        assertThat(restarted.ingest(firing(DB_DOWN, null)).effect()).isEqualTo(SignalEffect.REPEATED);
        assertThat(restarted.incidents()).isEmpty();

        restarted.advanceAndTick(Duration.ofHours(2));
        assertThat(restarted.incident(1).title()).isEqualTo("DbDown");
        assertThat(restarted.alert(id).incidentId()).isEqualTo(1);
        var second = restarted.apply(new Command.CreateSilence(List.of(), null, restarted.clock.now().plusSeconds(60),
                "bob", ""));
        assertThat(((Outcome.SilenceChanged) second).silence().id()).as("numbering continues").isEqualTo(2);
    }
}
