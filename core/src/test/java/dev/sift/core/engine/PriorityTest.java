package dev.sift.core.engine;

import static dev.sift.core.engine.EngineDriver.START;
import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Severity → priority. Alertmanager carries severity as a label, so a changed severity there is a new alert
 * identity; a severity change of the same alert comes from event sources (same dedup key, new payload severity).
 */
class PriorityTest {
    private final EngineDriver sift = new EngineDriver();

    @ParameterizedTest(name = "severity {0} opens a {1} incident")
    @CsvSource({
        "critical, P1",
        "error, P2",
        "warning, P3",
        "info, P4",
        "CRITICAL, P1",
        "Warning, P3",
        "something-else, P3",
    })
    void theDefaultMappingGivesEachUsualSeverityItsPriority(String severity, Priority expected) {
        var opened = sift.ingest(firing(labels("alertname", "X", "severity", severity), START));

        assertThat(sift.incident(opened.incidentId()).priority()).isEqualTo(expected);
        assertThat(sift.lastEntry(opened.incidentId()).message())
                .isEqualTo("opened by X (severity " + severity + " → " + expected + ")");
    }

    @Test
    void anAlertWithoutSeverityGetsTheFallbackP3AndTheTimelineSaysWhy() {
        var opened = sift.ingest(firing(labels("alertname", "X"), START));

        assertThat(sift.incident(opened.incidentId()).priority()).isEqualTo(Priority.P3);
        assertThat(sift.lastEntry(opened.incidentId()).message()).isEqualTo("opened by X (no severity → P3)");
    }

    @Test
    void aRepeatThatRaisesSeverityFromWarningToCriticalRaisesPriorityFromP3ToP1() {
        var opened = sift.ingest(trigger(7, "disk-db1", "Disk full on db1", "warning"));
        sift.clock.advance(Duration.ofMinutes(10));
        var repeat = sift.ingest(trigger(7, "disk-db1", "Disk full on db1", "critical"));

        assertThat(repeat.effect()).isEqualTo(SignalEffect.REPEATED);
        assertThat(sift.incident(opened.incidentId()).priority()).isEqualTo(Priority.P1);
        assertThat(sift.alert(opened.alertId()).severity()).isEqualTo("critical");
        TimelineEntry e = sift.lastEntry(opened.incidentId());
        assertThat(e.kind()).isEqualTo(TimelineKind.SEVERITY_CHANGED);
        assertThat(e.actor()).isEqualTo("system");
        assertThat(e.at()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        assertThat(e.alertId()).isEqualTo(opened.alertId());
        assertThat(e.message()).isEqualTo("Disk full on db1 severity warning → critical; priority P3 → P1");
    }

    @Test
    void aRepeatThatLowersSeverityLowersTheDerivedPriority() {
        var opened = sift.ingest(trigger(7, "disk-db1", "Disk full", "critical"));
        sift.ingest(trigger(7, "disk-db1", "Disk full", "info"));

        assertThat(sift.incident(opened.incidentId()).priority()).isEqualTo(Priority.P4);
        assertThat(sift.lastEntry(opened.incidentId()).message())
                .isEqualTo("Disk full severity critical → info; priority P1 → P4");
    }

    @Test
    void aRepeatWithTheSameOrNoSeverityChangesNeitherSeverityNorPriority() {
        var opened = sift.ingest(trigger(7, "disk-db1", "Disk full", "warning"));
        sift.ingest(trigger(7, "disk-db1", "Disk full", "warning"));
        sift.ingest(trigger(7, "disk-db1", "Disk full", null));

        assertThat(sift.alert(opened.alertId()).severity()).isEqualTo("warning");
        assertThat(sift.incident(opened.incidentId()).priority()).isEqualTo(Priority.P3);
        assertThat(sift.kinds(opened.incidentId())).containsExactly(TimelineKind.OPENED);
    }

    @Test
    void aSeverityChangeDoesNotOverrideAPrioritySetByAPerson() {
        var opened = sift.ingest(trigger(7, "disk-db1", "Disk full", "warning"));
        sift.clock.advance(Duration.ofMinutes(1));
        sift.act(opened.incidentId(), "alice", new Action.SetPriority(Priority.P4));
        sift.clock.advance(Duration.ofMinutes(1));
        sift.ingest(trigger(7, "disk-db1", "Disk full", "critical"));

        assertThat(sift.incident(opened.incidentId()).priority()).isEqualTo(Priority.P4);
        assertThat(sift.incident(opened.incidentId()).priorityOverridden()).isTrue();
        assertThat(sift.kinds(opened.incidentId())).containsExactly(
                TimelineKind.OPENED, TimelineKind.PRIORITY_CHANGED, TimelineKind.SEVERITY_CHANGED);
        assertThat(sift.timeline(opened.incidentId()).get(1).message()).isEqualTo("priority P3 → P4 by alice");
        assertThat(sift.lastEntry(opened.incidentId()).message()).isEqualTo("Disk full severity warning → critical");
    }

    @Test
    void clearingThePriorityOverrideReturnsToThePriorityDerivedFromTheCurrentSeverity() {
        var opened = sift.ingest(trigger(7, "disk-db1", "Disk full", "warning"));
        sift.act(opened.incidentId(), "alice", new Action.SetPriority(Priority.P5));
        sift.ingest(trigger(7, "disk-db1", "Disk full", "critical"));
        sift.act(opened.incidentId(), "bob", new Action.SetPriority(null));

        assertThat(sift.incident(opened.incidentId()).priority()).isEqualTo(Priority.P1);
        assertThat(sift.incident(opened.incidentId()).priorityOverridden()).isFalse();
        assertThat(sift.lastEntry(opened.incidentId()).message())
                .isEqualTo("priority P5 → P1 by bob (back to the priority derived from severity)");
        assertThat(sift.lastEntry(opened.incidentId()).actor()).isEqualTo("bob");
    }
}
