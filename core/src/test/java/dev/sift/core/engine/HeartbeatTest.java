package dev.sift.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.heartbeat.Heartbeat;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats (dead-man's switches) with a hand-moved clock: a missed interval plus grace opens an incident like any
 * alert; the next ping resolves it; pings and timers survive a restart.
 */
class HeartbeatTest {
    static final long PROMETHEUS = 7;

    final EngineDriver sift = new EngineDriver();
    final Instant t0 = EngineDriver.START;

    void watch() {
        sift.apply(new Command.WatchHeartbeat(PROMETHEUS, "prometheus-watchdog", Duration.ofMinutes(5),
                Duration.ofMinutes(1)));
    }

    Outcome.HeartbeatSeen ping() {
        return (Outcome.HeartbeatSeen) sift.apply(new Command.Ping(PROMETHEUS, "prometheus-watchdog",
                Duration.ofMinutes(5), Duration.ofMinutes(1)));
    }

    @Test
    void pingsInTimeOpenNothing() {
        watch();
        for (int i = 0; i < 10; i++) {
            sift.advanceAndTick(Duration.ofMinutes(5).plusSeconds(59));
            ping();
        }
        assertThat(sift.incidents()).isEmpty();
    }

    @Test
    void aMissedIntervalPlusGraceOpensAnIncidentThatSaysThePipelineIsSilent() {
        watch();
        sift.advanceAndTick(Duration.ofMinutes(2));
        ping();
        sift.advanceAndTick(Duration.ofMinutes(5).plusSeconds(59));
        assertThat(sift.incidents()).isEmpty();

        sift.advanceAndTick(Duration.ofSeconds(1));

        var incident = sift.incidents().iterator().next();
        assertThat(incident.title()).isEqualTo("the monitoring pipeline itself is silent: no heartbeat from"
                + " prometheus-watchdog since 2025-03-01T09:02:00Z");
        assertThat(incident.status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(incident.priority()).isEqualTo(Priority.P1); // severity critical
        Alert a = sift.alertsOf(incident.id()).getFirst();
        assertThat(a.labels()).containsEntry("alertname", "HeartbeatMissing")
                .containsEntry("heartbeat", "prometheus-watchdog");
        assertThat(a.startsAt()).isEqualTo(t0.plus(Duration.ofMinutes(8)));
        assertThat(sift.timeline(incident.id()).getFirst().message()).startsWith("opened by HeartbeatMissing");
    }

    @Test
    void aHeartbeatThatNeverPingsIsMissingOneIntervalAfterItWasSetUp() {
        watch();
        sift.advanceAndTick(Duration.ofMinutes(6));

        assertThat(sift.incidents()).singleElement().satisfies(i -> assertThat(i.title()).endsWith(
                "no heartbeat from prometheus-watchdog since it was set up at 2025-03-01T09:00:00Z"));
    }

    @Test
    void theNextPingResolvesIt() {
        watch();
        sift.advanceAndTick(Duration.ofMinutes(6));
        long id = sift.incidents().iterator().next().id();
        sift.clock.advance(Duration.ofMinutes(3));

        Outcome.HeartbeatSeen seen = ping();

        assertThat(seen.resolvedIncidentId()).isEqualTo(id);
        assertThat(sift.incident(id).status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(sift.alertsOf(id).getFirst().status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(sift.kinds(id)).containsSubsequence(TimelineKind.OPENED, TimelineKind.ALERT_RESOLVED,
                TimelineKind.RESOLVED);
    }

    @Test
    void whileItStaysSilentEveryMissedIntervalCountsOnTheSameAlert() {
        watch();
        sift.advanceAndTick(Duration.ofMinutes(6));
        sift.advanceAndTick(Duration.ofMinutes(5));
        sift.advanceAndTick(Duration.ofMinutes(5));

        assertThat(sift.incidents()).hasSize(1);
        long id = sift.incidents().iterator().next().id();
        assertThat(sift.alertsOf(id).getFirst().count()).isEqualTo(3);
    }

    @Test
    void silentAgainAfterItCameBackFiresAgain() {
        watch();
        sift.advanceAndTick(Duration.ofMinutes(6));
        sift.clock.advance(Duration.ofMinutes(1));
        ping();
        sift.advanceAndTick(Duration.ofMinutes(6));

        long id = sift.incidents().iterator().next().id();
        assertThat(sift.incident(id).status()).isEqualTo(IncidentStatus.TRIGGERED); // reopened within the hour
        assertThat(sift.alertsOf(id).getFirst().episode()).isEqualTo(2);
    }

    @Test
    void frequentPingsKeepOneTimer() {
        watch();
        int before = sift.engine.nextDue() == null ? 0 : 1;
        for (int i = 0; i < 100; i++) {
            sift.clock.advance(Duration.ofSeconds(1));
            ping();
        }
        assertThat(before).isEqualTo(1);
        assertThat(sift.engine.nextDue()).isEqualTo(t0.plus(Duration.ofMinutes(6))); // the first one, a hint
        sift.tick();
        sift.clock.advanceTo(t0.plus(Duration.ofMinutes(6)));
        sift.tick(); // the hint finds the later ping and waits for it
        assertThat(sift.engine.nextDue()).isEqualTo(t0.plusSeconds(100).plus(Duration.ofMinutes(6)));
        assertThat(sift.incidents()).isEmpty();
    }

    @Test
    void theLastPingSurvivesARestartAndASilenceWhileDownIsFoundAtOnce() {
        watch();
        sift.advanceAndTick(Duration.ofMinutes(4));
        ping();

        var restarted = new EngineDriver(new Engine(EngineDriver.ALONE), sift.clock);
        restarted.engine.restore(sift.snapshot());
        restarted.clock.advance(Duration.ofMinutes(5));
        restarted.tick();
        assertThat(restarted.incidents()).isEmpty();
        restarted.clock.advance(Duration.ofMinutes(30)); // Sift was down beyond the due time
        restarted.tick();

        assertThat(restarted.incidents()).singleElement().satisfies(i -> assertThat(i.title())
                .endsWith("since 2025-03-01T09:04:00Z"));
    }

    @Test
    void aPingOfAHeartbeatTheEngineDidNotKnowStartsItsWatch() {
        ping(); // its watch command was lost: the ping carries what the engine needs
        sift.advanceAndTick(Duration.ofMinutes(6));

        assertThat(sift.incidents()).singleElement().satisfies(i -> assertThat(i.title())
                .endsWith("no heartbeat from prometheus-watchdog since 2025-03-01T09:00:00Z"));
    }

    @Test
    void theMissingAlertIsIdentifiedByItsIntegration() {
        var h = new Heartbeat(PROMETHEUS, "x", Duration.ofMinutes(1), Duration.ZERO, t0, false);
        assertThat(h.fingerprint()).isEqualTo("heartbeat:7");
        assertThat(h.dueAt()).isEqualTo(t0.plus(Duration.ofMinutes(1)));
    }
}
