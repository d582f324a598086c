package dev.sift.core.engine;

import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.Alert;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.flapping.FlapPolicy;
import dev.sift.core.grouping.GroupingPolicies;
import dev.sift.core.grouping.IntelligentGrouping;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.rules.Rules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flap detection: {@code changes} state changes (firing ↔ resolved) of one alert within {@code window} mark it
 * flapping (4 within 30m by default). A flapping alert keeps its incident instead of opening or joining another on
 * each re-fire; the timeline says when it starts and stops (quiet for a window), and the flag is kept on the alert
 * so that notifications can be muted. Time is moved by hand.
 */
class FlappingTest {
    static final Map<String, String> LINK = labels("alertname", "LinkDown", "zone", "AB", "severity", "warning");

    /** Intelligent grouping (flapWindow 10m): a re-fire after that is placed anew unless the alert flaps. */
    static EngineDriver driver(FlapPolicy flapping) {
        return new EngineDriver(new Engine(Rules.of(AutomationPolicy.defaults().withGrouping(
                GroupingPolicies.only(IntelligentGrouping.defaults()))).withFlapping(flapping)),
                new MutableClock(EngineDriver.START));
    }

    /** Resolves, then fires again {@code gap} later, {@code times} times: two changes each. */
    static void flap(EngineDriver sift, int times, Duration gap) {
        for (int i = 0; i < times; i++) {
            sift.clock.advance(Duration.ofMinutes(1));
            sift.ingest(resolved(LINK, null));
            sift.clock.advance(gap);
            sift.ingest(firing(LINK, null));
        }
    }

    @Test
    void fourChangesWithinTheWindowMarkTheAlertFlappingAndTheTimelineSaysSo() {
        var sift = new EngineDriver();
        sift.ingest(firing(LINK, null));
        flap(sift, 1, Duration.ofMinutes(2));
        assertThat(sift.alert(1).isFlapping()).as("two changes").isFalse();

        flap(sift, 1, Duration.ofMinutes(2));

        Alert a = sift.alert(1);
        assertThat(a.isFlapping()).isTrue();
        assertThat(a.incidentId()).isEqualTo(1);
        assertThat(a.episode()).isEqualTo(3);
        assertThat(sift.lastEntry(1).kind()).isEqualTo(TimelineKind.FLAPPING);
        assertThat(sift.lastEntry(1).message()).isEqualTo("LinkDown is flapping: 4 state changes within 30m"
                + " (firing ↔ resolved); it stays in this incident and its notifications are muted until it is quiet"
                + " for 30m");
        assertThat(sift.kinds(1).stream().filter(k -> k == TimelineKind.FLAPPING)).hasSize(1);
    }

    @Test
    void aFlappingAlertStopsFlappingOnceQuietForAWholeWindow() {
        var sift = new EngineDriver();
        sift.ingest(firing(LINK, null));
        flap(sift, 2, Duration.ofMinutes(2)); // flapping from the 4th change, 6m in
        flap(sift, 1, Duration.ofMinutes(2)); // still changing: the quiet period starts again (9m in)

        sift.advanceAndTick(Duration.ofMinutes(29));
        assertThat(sift.alert(1).isFlapping()).isTrue();
        sift.advanceAndTick(Duration.ofMinutes(1));

        assertThat(sift.alert(1).isFlapping()).isFalse();
        assertThat(sift.lastEntry(1).message()).isEqualTo("LinkDown stopped flapping: no state change for 30m");
        assertThat(sift.kinds(1).stream().filter(k -> k == TimelineKind.FLAPPING)).hasSize(2);
    }

    @Test
    void aFlappingAlertKeepsOneIncidentWhereGroupingWouldPlaceEachReFireAnew() {
        var sift = driver(FlapPolicy.DEFAULT);
        sift.ingest(firing(LINK, null));
        flap(sift, 1, Duration.ofMinutes(11)); // after grouping's flapWindow: placed anew, in #2
        long second = sift.alertsOf(2).getFirst().id();
        flap(sift, 3, Duration.ofMinutes(11)); // the 4th change (within 30m) makes it flap: it stays in #2

        assertThat(sift.incidents()).hasSize(2);
        assertThat(sift.alert(second).isFlapping()).isTrue();
        assertThat(sift.alert(second).episode()).isEqualTo(4);
        assertThat(sift.incident(2).status()).isEqualTo(IncidentStatus.TRIGGERED);

        var off = driver(FlapPolicy.OFF); // without flap detection every re-fire opens another incident
        off.ingest(firing(LINK, null));
        flap(off, 4, Duration.ofMinutes(11));
        assertThat(off.incidents()).hasSize(5);
    }

    @Test
    void aFlappingAlertThatRecoversStillResolvesItsIncidentAndReopensItWhenItFiresAgain() {
        var sift = new EngineDriver();
        sift.ingest(firing(LINK, null));
        flap(sift, 2, Duration.ofMinutes(2));
        sift.clock.advance(Duration.ofMinutes(1));
        sift.ingest(resolved(LINK, null));
        assertThat(sift.incident(1).status()).isEqualTo(IncidentStatus.RESOLVED);
        sift.clock.advance(Duration.ofMinutes(5));
        assertThat(sift.ingest(firing(LINK, null)).incidentId()).isEqualTo(1);
        assertThat(sift.incident(1).status()).isEqualTo(IncidentStatus.TRIGGERED);
    }

    @Test
    void aStricterPolicyNeedsMoreChangesAndOffNeverFlaps() {
        var strict = new EngineDriver(new Engine(Rules.of(EngineDriver.ALONE)
                .withFlapping(new FlapPolicy(6, Duration.ofMinutes(30)))), new MutableClock(EngineDriver.START));
        strict.ingest(firing(LINK, null));
        flap(strict, 2, Duration.ofMinutes(2));
        assertThat(strict.alert(1).isFlapping()).isFalse();
        flap(strict, 1, Duration.ofMinutes(2));
        assertThat(strict.alert(1).isFlapping()).isTrue();

        var off = new EngineDriver(new Engine(Rules.of(EngineDriver.ALONE).withFlapping(FlapPolicy.OFF)),
                new MutableClock(EngineDriver.START));
        off.ingest(firing(LINK, null));
        flap(off, 5, Duration.ofMinutes(1));
        assertThat(off.alert(1).isFlapping()).isFalse();
        assertThat(off.kinds(1)).doesNotContain(TimelineKind.FLAPPING);
    }

    @Test
    void aFlappingAlertStaysFlappingAcrossARestartUntilQuiet() {
        var sift = new EngineDriver();
        sift.ingest(firing(LINK, null));
        flap(sift, 2, Duration.ofMinutes(2)); // last change 6m in, firing
        var restarted = new EngineDriver(new Engine(Rules.of(EngineDriver.ALONE)),
                new MutableClock(sift.clock.now()));
        restarted.engine.restore(sift.snapshot());
        restarted.tick();
        assertThat(sift.alert(1).isFlapping()).isTrue();
        restarted.advanceAndTick(Duration.ofMinutes(29));
        assertThat(restarted.outcomes()).extracting(o -> ((Outcome.Ticked) o).changes()).containsOnly(0);

        restarted.advanceAndTick(Duration.ofMinutes(1));
        assertThat(restarted.alert(1).isFlapping()).isFalse();
        assertThat(restarted.lastEntry(1).message()).isEqualTo("LinkDown stopped flapping: no state change for 30m");
    }

    @Test
    void turningDetectionOffByAReloadEndsFlapping() {
        var sift = new EngineDriver();
        sift.ingest(firing(LINK, null));
        flap(sift, 2, Duration.ofMinutes(2));
        sift.apply(new Command.UseRules(Rules.of(EngineDriver.ALONE).withFlapping(FlapPolicy.OFF)));
        sift.tick();
        assertThat(sift.alert(1).isFlapping()).isFalse();
        assertThat(sift.lastEntry(1).message())
                .isEqualTo("LinkDown no longer counts as flapping: flap detection is off");
        assertThat(List.of(sift.incident(1).status())).containsExactly(IncidentStatus.TRIGGERED);
    }
}
