package dev.sift.core.engine;

import static dev.sift.core.engine.EngineDriver.START;
import static dev.sift.core.engine.Signals.diskFull;
import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.alert.Source;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.TimelineKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeduplicationTest {
    private final EngineDriver sift = new EngineDriver();

    @Test
    void theSameFiringAlertSentFiveTimesIsOneIncidentWithOneAlertCountedFiveTimes() {
        Instant startsAt = START.minus(Duration.ofMinutes(3));

        var first = sift.ingest(firing(diskFull("db1"), startsAt));
        for (int i = 0; i < 4; i++) {
            sift.clock.advance(Duration.ofMinutes(5));
            var repeat = sift.ingest(firing(diskFull("db1"), startsAt));
            assertThat(repeat).isEqualTo(new Outcome.Ingested(SignalEffect.REPEATED, first.incidentId(),
                    first.alertId()));
        }

        assertThat(first.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(sift.engine.incidents()).hasSize(1);
        assertThat(sift.engine.alertsOf(first.incidentId())).hasSize(1);
        Alert alert = sift.alert(first.alertId());
        assertThat(alert.count()).isEqualTo(5);
        assertThat(alert.firstSeen()).isEqualTo(START);
        assertThat(alert.lastSeen()).isEqualTo(START.plus(Duration.ofMinutes(20)));
        assertThat(alert.startsAt()).isEqualTo(startsAt);
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.episode()).isEqualTo(1);
    }

    @Test
    void repeatsAddNothingToTheTimeline() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.clock.advance(Duration.ofMinutes(5));
        sift.ingest(firing(diskFull("db1"), START));
        sift.ingest(firing(diskFull("db1"), START));

        assertThat(sift.kinds(opened.incidentId())).containsExactly(TimelineKind.OPENED);
        assertThat(sift.incident(opened.incidentId()).updatedAt()).isEqualTo(START);
    }

    @Test
    void aRepeatKeepsTheLatestSummaryText() {
        var opened = sift.ingest(firing(Source.ALERTMANAGER, diskFull("db1"),
                Map.of("summary", "db1 disk 91% full"), START));
        sift.clock.advance(Duration.ofMinutes(5));
        sift.ingest(firing(Source.ALERTMANAGER, diskFull("db1"), Map.of("summary", "db1 disk 97% full"), START));

        Alert alert = sift.alert(opened.alertId());
        assertThat(alert.title()).isEqualTo("db1 disk 97% full");
        assertThat(sift.annotations(opened.alertId())).containsEntry("summary", "db1 disk 97% full");
    }

    @Test
    void alertsWithDifferentLabelsOpenDifferentIncidents() {
        var db1 = sift.ingest(firing(diskFull("db1"), START));
        var db2 = sift.ingest(firing(diskFull("db2"), START));

        assertThat(db2.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(db2.incidentId()).isNotEqualTo(db1.incidentId());
        assertThat(db2.alertId()).isNotEqualTo(db1.alertId());
        assertThat(sift.engine.incidents()).hasSize(2);
        assertThat(sift.engine.alertCount()).isEqualTo(2);
    }

    @Test
    void incidentsAreNumberedOneTwoThreeInTheOrderTheyOpen() {
        assertThat(sift.ingest(firing(diskFull("db1"), START)).incidentId()).isEqualTo(1);
        assertThat(sift.ingest(firing(diskFull("db2"), START)).incidentId()).isEqualTo(2);
        sift.ingest(firing(diskFull("db1"), START));
        assertThat(sift.ingest(firing(diskFull("db3"), START)).incidentId()).isEqualTo(3);
    }

    @Test
    void theSameDedupKeyOnTwoIntegrationsIsTwoIncidents() {
        var fromSeven = sift.ingest(trigger(7, "disk-db1", "Disk full on db1", "critical"));
        var fromEight = sift.ingest(trigger(8, "disk-db1", "Disk full on db1", "critical"));
        var againFromSeven = sift.ingest(trigger(7, "disk-db1", "Disk full on db1", "critical"));

        assertThat(fromSeven.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(fromEight.effect()).isEqualTo(SignalEffect.OPENED);
        assertThat(fromEight.incidentId()).isNotEqualTo(fromSeven.incidentId());
        assertThat(againFromSeven).isEqualTo(new Outcome.Ingested(SignalEffect.REPEATED, fromSeven.incidentId(),
                fromSeven.alertId()));
        assertThat(sift.alert(fromSeven.alertId()).count()).isEqualTo(2);
        assertThat(sift.alert(fromEight.alertId()).count()).isEqualTo(1);
    }

    @Test
    void anEventKeepsItsDedupKeyAndIsNamedByItsSummary() {
        var opened = sift.ingest(trigger(7, "disk-db1", "Disk full on db1", "critical"));

        Alert alert = sift.alert(opened.alertId());
        assertThat(alert.dedupKey()).isEqualTo("disk-db1");
        assertThat(alert.source()).isEqualTo(Source.EVENTS);
        assertThat(alert.integrationId()).isEqualTo(7);
        assertThat(alert.startsAt()).as("an event has no start time of its own: it starts when seen")
                .isEqualTo(START);
        assertThat(sift.incident(opened.incidentId()).title()).isEqualTo("Disk full on db1");
        assertThat(sift.lastEntry(opened.incidentId()).message())
                .isEqualTo("opened by Disk full on db1 (severity critical → P1)");
    }

    @Test
    void aNewIncidentIsTriggeredUnownedAndTakesTitleLabelsAndQueueFromItsAlert() {
        var l = labels("alertname", "DiskFull", "instance", "db1", "team", "storage", "severity", "warning");
        var opened = sift.ingest(firing(l, START));

        Incident incident = sift.incident(opened.incidentId());
        assertThat(incident.status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(incident.assignee()).isNull();
        assertThat(incident.title()).isEqualTo("DiskFull");
        assertThat(incident.labels()).isEqualTo(l);
        assertThat(incident.queue()).isEqualTo("storage");
        assertThat(incident.createdAt()).isEqualTo(START);
        assertThat(sift.alert(opened.alertId()).upstreamFingerprint()).matches("[0-9a-f]{16}");
        assertThat(sift.timeline(opened.incidentId())).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.OPENED);
            assertThat(e.actor()).isEqualTo("system");
            assertThat(e.at()).isEqualTo(START);
            assertThat(e.alertId()).isEqualTo(opened.alertId());
            assertThat(e.message()).isEqualTo("opened by DiskFull (severity warning → P3)");
        });
    }

    @Test
    void theQueueLabelWinsOverTheTeamLabelAndWithoutEitherTheQueueIsDefault() {
        var both = sift.ingest(firing(labels("alertname", "A", "team", "storage", "queue", "customer-x"), START));
        var none = sift.ingest(firing(labels("alertname", "B"), START));

        assertThat(sift.incident(both.incidentId()).queue()).isEqualTo("customer-x");
        assertThat(sift.incident(none.incidentId()).queue()).isEqualTo("default");
    }
}
