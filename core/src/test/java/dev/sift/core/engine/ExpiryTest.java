package dev.sift.core.engine;

import static dev.sift.core.engine.EngineDriver.START;
import static dev.sift.core.engine.Signals.diskFull;
import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.alert.Source;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.automation.PriorityMapping;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sources that re-send firing alerts (Alertmanager, replay) let Sift resolve alerts that stopped coming. */
class ExpiryTest {
    private final EngineDriver sift = new EngineDriver();

    @ParameterizedTest
    @EnumSource(value = Source.class, names = {"ALERTMANAGER", "REPLAY"})
    void anAlertNotSentAgainFor12HoursExpiresAndItsIncidentResolves(Source source) {
        var opened = sift.ingest(firing(source, diskFull("db1"), java.util.Map.of(), START));

        assertThat(sift.advanceAndTick(Duration.ofHours(12).minusSeconds(1)).changes()).isZero();
        assertThat(sift.alert(opened.alertId()).isFiring()).isTrue();
        var ticked = sift.advanceAndTick(Duration.ofSeconds(1));

        assertThat(ticked.changes()).isEqualTo(1);
        Alert alert = sift.alert(opened.alertId());
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolution()).isEqualTo("expired");
        assertThat(alert.resolvedAt()).isEqualTo(START.plus(Duration.ofHours(12)));
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(sift.kinds(opened.incidentId())).containsExactly(TimelineKind.OPENED, TimelineKind.ALERT_EXPIRED,
                TimelineKind.RESOLVED);
        TimelineEntry expired = sift.timeline(opened.incidentId()).get(1);
        assertThat(expired.actor()).isEqualTo("system");
        assertThat(expired.alertId()).isEqualTo(opened.alertId());
        assertThat(expired.message())
                .isEqualTo("DiskFull expired: not sent again for 12h (last seen 2025-03-01T09:00:00Z)");
    }

    @Test
    void anAlertReSentEvery4HoursForTwoDaysNeverExpires() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        for (int hour = 1; hour <= 48; hour++) {
            sift.advanceAndTick(Duration.ofHours(1));
            if (hour % 4 == 0) {
                sift.ingest(firing(diskFull("db1"), START));
            }
            assertThat(sift.alert(opened.alertId()).isFiring()).as("after %d hours", hour).isTrue();
        }

        assertThat(sift.alert(opened.alertId()).count()).isEqualTo(13);
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(sift.kinds(opened.incidentId())).containsExactly(TimelineKind.OPENED);
    }

    @Test
    void anAlertExpires12HoursAfterItsLastSendNotItsFirst() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.advanceAndTick(Duration.ofHours(8));
        sift.ingest(firing(diskFull("db1"), START));

        sift.advanceAndTick(Duration.ofHours(4)); // 12h after the first send
        assertThat(sift.alert(opened.alertId()).isFiring()).isTrue();
        assertThat(sift.engine.nextDue()).isEqualTo(START.plus(Duration.ofHours(20)));
        sift.advanceAndTick(Duration.ofHours(8)); // 12h after the last send

        assertThat(sift.alert(opened.alertId()).resolution()).isEqualTo("expired");
        assertThat(sift.lastEntry(opened.incidentId()).kind()).isEqualTo(TimelineKind.RESOLVED);
    }

    @Test
    void theEngineSaysWhenTheNextExpiryIsDueSoTheRuntimeCanSleepUntilThen() {
        assertThat(sift.engine.nextDue()).isNull();
        sift.ingest(firing(diskFull("db1"), START));

        assertThat(sift.engine.nextDue()).isEqualTo(START.plus(Duration.ofHours(12)));
    }

    @Test
    void aTickLongAfterTheDeadlineStillExpiresTheAlertOnce() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.advanceAndTick(Duration.ofDays(3));

        assertThat(sift.alert(opened.alertId()).resolution()).isEqualTo("expired");
        assertThat(sift.kinds(opened.incidentId()))
                .filteredOn(k -> k == TimelineKind.ALERT_EXPIRED).hasSize(1);
    }

    @Test
    void eventAlertsNeverExpireByDefault() {
        var opened = sift.ingest(trigger(7, "disk-db1", "Disk full", "critical"));
        for (int day = 0; day < 30; day++) {
            sift.advanceAndTick(Duration.ofDays(1));
        }

        assertThat(sift.alert(opened.alertId()).isFiring()).isTrue();
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(sift.engine.nextDue()).isNull();
    }

    @Test
    void eventAlertsExpireWhenAnEventExpiryIsConfigured() {
        var d = AutomationPolicy.defaults();
        var policy = new AutomationPolicy(d.autoResolve(), d.reopenWindow(), d.closeAfter(), d.resendingExpiry(),
                Duration.ofHours(2), PriorityMapping.defaults(), List.of(), "default");
        var withExpiry = new EngineDriver(policy);
        var opened = withExpiry.ingest(trigger(7, "disk-db1", "Disk full", "critical"));
        withExpiry.advanceAndTick(Duration.ofHours(2));

        assertThat(withExpiry.alert(opened.alertId()).resolution()).isEqualTo("expired");
        assertThat(withExpiry.lastEntry(opened.incidentId()).kind()).isEqualTo(TimelineKind.RESOLVED);
    }

    @Test
    void anExpiredAlertInAnIncidentSomeoneTookOnlyAddsTheRecoveryNote() {
        var opened = sift.ingest(firing(diskFull("db1"), START));
        sift.act(opened.incidentId(), "alice", new Action.Acknowledge());
        sift.advanceAndTick(Duration.ofHours(12));

        assertThat(sift.alert(opened.alertId()).resolution()).isEqualTo("expired");
        assertThat(sift.incident(opened.incidentId()).status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(sift.kinds(opened.incidentId())).endsWith(TimelineKind.ALERT_EXPIRED,
                TimelineKind.ALL_ALERTS_RECOVERED);
    }
}
