package dev.sift.core.engine;

import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.flapping.FlapPolicy;
import dev.sift.core.grouping.ContentGrouping;
import dev.sift.core.grouping.GroupingPolicies;
import dev.sift.core.grouping.GroupingPolicy;
import dev.sift.core.grouping.IntelligentGrouping;
import dev.sift.core.grouping.TimeGrouping;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.rules.Rules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each grouping mode on small streams with a hand-moved clock: which incidents come out, and why. */
class GroupingTest {
    private static EngineDriver driver(GroupingPolicy policy) {
        return new EngineDriver(AutomationPolicy.defaults().withGrouping(GroupingPolicies.only(policy)));
    }

    private static Map<String, String> alert(String name, String zone) {
        return labels("alertname", name, "zone", zone, "severity", "warning");
    }

    @Test
    void contentGroupingPutsAlertsWithTheSameListedLabelsTogether() {
        var sift = driver(new ContentGrouping(List.of("zone"), ContentGrouping.Match.ALL));

        long first = sift.ingest(firing(alert("DiskFull", "AB"), null)).incidentId();
        sift.clock.advance(Duration.ofHours(2));
        var second = sift.ingest(firing(alert("HighLatency", "AB"), null));
        var other = sift.ingest(firing(alert("DiskFull", "XQ"), null));

        assertThat(second.effect()).isEqualTo(SignalEffect.JOINED);
        assertThat(second.incidentId()).isEqualTo(first);
        assertThat(other.incidentId()).isNotEqualTo(first);
        assertThat(sift.lastEntry(first).message())
                .isEqualTo("HighLatency joined: same zone=AB (content grouping by zone)");
    }

    @Test
    void timeGroupingJoinsWithinTheRollingWindowOfItsScopeOnly() {
        var sift = driver(new TimeGrouping(List.of("zone"), Duration.ofMinutes(5)));

        long first = sift.ingest(firing(alert("A", "AB"), null)).incidentId();
        sift.clock.advance(Duration.ofMinutes(4));
        long second = sift.ingest(firing(alert("B", "AB"), null)).incidentId();
        sift.clock.advance(Duration.ofMinutes(4)); // 8 min after A, 4 after B: the window rolled with B
        long third = sift.ingest(firing(alert("C", "AB"), null)).incidentId();
        long elsewhere = sift.ingest(firing(alert("D", "XQ"), null)).incidentId();
        sift.clock.advance(Duration.ofMinutes(6));
        long late = sift.ingest(firing(alert("E", "AB"), null)).incidentId();

        assertThat(List.of(second, third)).containsOnly(first);
        assertThat(elsewhere).isNotEqualTo(first);
        assertThat(late).isNotIn(first, elsewhere);
        assertThat(sift.timeline(late).get(0).message())
                .endsWith("; the last alert with the same zone AB came 6m ago, more than the window of 5m");
    }

    @Test
    void intelligentGroupingJoinsAPersistentAlertAndLeavesATransientAlone() {
        var sift = driver(IntelligentGrouping.defaults());

        long cascade = sift.ingest(firing(alert("RegistrationFailed", "AB"), null)).incidentId();
        sift.clock.advance(Duration.ofSeconds(40));
        long tooFew = sift.ingest(firing(alert("TooFewEndpoints", "AB"), null)).incidentId();
        sift.clock.advance(Duration.ofSeconds(20));
        long transientOne = sift.ingest(firing(alert("HostCpuHigh", "AB"), null)).incidentId();
        assertThat(List.of(cascade, tooFew, transientOne)).doesNotHaveDuplicates(); // each alone at first

        sift.clock.advance(Duration.ofSeconds(30));
        sift.ingest(resolved(alert("HostCpuHigh", "AB"), null)); // gone before it was sent again: a transient
        sift.clock.advance(Duration.ofMinutes(4));
        assertThat(sift.ingest(firing(alert("RegistrationFailed", "AB"), null)).incidentId()).isEqualTo(cascade);
        var joined = sift.ingest(firing(alert("TooFewEndpoints", "AB"), null)); // sent again: it persists

        assertThat(joined.incidentId()).isEqualTo(cascade);
        assertThat(sift.incident(tooFew).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(sift.lastEntry(tooFew).kind()).isEqualTo(TimelineKind.MERGED);
        assertThat(sift.lastEntry(tooFew).message()).startsWith("merged into #" + cascade + ": TooFewEndpoints same zone AB; began 40s after RegistrationFailed");
        assertThat(sift.lastEntry(cascade).message()).startsWith("TooFewEndpoints joined from #" + tooFew
                + ", which it opened: same zone AB; began 40s after RegistrationFailed; score ");
        assertThat(sift.alertsOf(cascade)).hasSize(2);
        assertThat(sift.alertsOf(transientOne)).hasSize(1);
    }

    @Test
    void twoEventsFromOneSourceAreNotTheSameAlertAtAnotherSeverity() {
        var sift = driver(IntelligentGrouping.defaults());
        var registry = labels("source", "registry", "severity", "warning");

        long failed = sift.ingest(firing(dev.sift.core.alert.Source.EVENTS, registry,
                Map.of("summary", "Registration failed"), null)).incidentId();
        sift.clock.advance(Duration.ofMinutes(10));
        long stale = sift.ingest(firing(dev.sift.core.alert.Source.EVENTS, labels("source", "registry", "severity",
                "critical"), Map.of("summary", "Model stale"), null)).incidentId();

        assertThat(stale).as("10 minutes apart, different summaries").isNotEqualTo(failed);
    }

    @Test
    void intelligentGroupingKeepsAnotherZoneApartAndJoinsTheSameAlertAcrossZones() {
        var sift = driver(IntelligentGrouping.defaults());

        long ab = sift.ingest(firing(alert("CertificateExpiring", "AB"), null)).incidentId();
        sift.clock.advance(Duration.ofSeconds(20));
        long xq = sift.ingest(firing(alert("CertificateExpiring", "XQ"), null)).incidentId();
        long other = sift.ingest(firing(alert("QueueLag", "XQ"), null)).incidentId();
        sift.clock.advance(Duration.ofMinutes(5));
        sift.ingest(firing(alert("CertificateExpiring", "AB"), null));
        long xqNow = sift.ingest(firing(alert("CertificateExpiring", "XQ"), null)).incidentId();

        assertThat(xqNow).isEqualTo(ab);
        assertThat(sift.lastEntry(ab).message()).contains("CertificateExpiring also began in zone AB 20s apart");
        assertThat(sift.ingest(firing(alert("QueueLag", "XQ"), null)).incidentId()).isEqualTo(ab)
                .as("began with the XQ certificate alert, which is in #%d now", ab);
        assertThat(xq).isNotEqualTo(other);
    }

    @Test
    void intelligentGroupingReturnsAFlappingAlertToItsIncidentAndPlacesALaterEpisodeAnew() {
        // flapWindow 10m; flap detection off, as it would keep the fourth change of state in its incident
        var sift = new EngineDriver(new Engine(Rules.of(AutomationPolicy.defaults().withGrouping(
                GroupingPolicies.only(IntelligentGrouping.defaults()))).withFlapping(FlapPolicy.OFF)),
                new MutableClock(EngineDriver.START));
        var tooFew = alert("TooFewEndpoints", "AB");

        long cascade = sift.ingest(firing(alert("RegistrationFailed", "AB"), null)).incidentId();
        sift.clock.advance(Duration.ofSeconds(40));
        sift.ingest(firing(tooFew, null));
        sift.clock.advance(Duration.ofMinutes(4));
        sift.ingest(firing(alert("RegistrationFailed", "AB"), null));
        assertThat(sift.ingest(firing(tooFew, null)).incidentId()).isEqualTo(cascade);

        sift.ingest(resolved(tooFew, null));
        sift.clock.advance(Duration.ofMinutes(9));
        var flap = sift.ingest(firing(tooFew, null)); // within the flap window: back to its incident
        assertThat(flap.effect()).isEqualTo(SignalEffect.FIRED_AGAIN);
        assertThat(flap.incidentId()).isEqualTo(cascade);

        sift.ingest(resolved(tooFew, null));
        sift.clock.advance(Duration.ofMinutes(11));
        var later = sift.ingest(firing(tooFew, null)); // after the flap window: a new episode, placed anew
        assertThat(later.incidentId()).isNotEqualTo(cascade);
        assertThat(sift.alertsOf(cascade)).hasSize(2);
    }

    @Test
    void aTransientThatFlapsIsPlacedOnceItIsSentAgain() {
        var sift = driver(IntelligentGrouping.defaults());
        var cpu = alert("HostCpuHigh", "AB");

        long cascade = sift.ingest(firing(alert("RegistrationFailed", "AB"), null)).incidentId();
        sift.clock.advance(Duration.ofSeconds(20));
        long alone = sift.ingest(firing(cpu, null)).incidentId();
        sift.clock.advance(Duration.ofSeconds(30));
        sift.ingest(resolved(cpu, null)); // gone before it was sent again
        sift.clock.advance(Duration.ofMinutes(2));
        sift.ingest(firing(alert("RegistrationFailed", "AB"), null));
        assertThat(sift.ingest(firing(cpu, null)).incidentId()).isEqualTo(alone); // it flaps: back to its own
        sift.clock.advance(Duration.ofMinutes(1));
        var joined = sift.ingest(firing(cpu, null)); // sent again: it persists, and began 20s after the cascade

        assertThat(joined.incidentId()).isEqualTo(cascade);
        assertThat(sift.incident(alone).status()).isEqualTo(IncidentStatus.CLOSED);
    }

    @Test
    void aStormOfTheSameAlertOnManyHostsIsOneIncidentThatStillWaitsToBeSentAgain() {
        var sift = driver(IntelligentGrouping.defaults()); // burst window: 30 s between one host and the next
        java.util.function.IntFunction<Map<String, String>> onHost = i -> labels("alertname", "NodeDown",
                "zone", "AB", "instance", "host-" + i, "severity", i == 3 ? "critical" : "warning");

        long storm = sift.ingest(firing(onHost.apply(0), null)).incidentId();
        for (int i = 1; i < 200; i++) {
            sift.clock.advance(Duration.ofMillis(100));
            assertThat(sift.ingest(firing(onHost.apply(i), null)).incidentId()).isEqualTo(storm);
        }
        long otherService = sift.ingest(firing(labels("alertname", "NodeDown", "zone", "AB", "instance", "db-1",
                "service", "db", "severity", "warning"), null)).incidentId();
        long otherZone = sift.ingest(firing(labels("alertname", "NodeDown", "zone", "XQ", "instance", "host-1",
                "severity", "warning"), null)).incidentId();
        sift.clock.advance(Duration.ofSeconds(31));
        long afterTheBurst = sift.ingest(firing(onHost.apply(500), null)).incidentId();

        assertThat(sift.alertsOf(storm)).hasSize(200);
        assertThat(List.of(otherService, otherZone, afterTheBurst)).doesNotContain(storm).doesNotHaveDuplicates();
        assertThat(sift.incident(storm).labels()).containsEntry("alertname", "NodeDown")
                .doesNotContainKeys("instance", "severity");
        assertThat(sift.incident(storm).priority().name()).isEqualTo("P1").as("host-3 is critical");
        assertThat(sift.timeline(storm).get(1).message()).isEqualTo("NodeDown joined: same zone AB; the same"
                + " NodeDown on another instance, under a second after the last one: a burst (it waits with them to be sent"
                + " again)");

        // The storm's alerts still wait to prove they persist: sent again, they are placed with what began
        // alongside them, and the whole incident goes along.
        long cause = sift.ingest(firing(alert("SwitchDown", "AB"), null)).incidentId();
        sift.clock.advance(Duration.ofMinutes(4));
        sift.ingest(firing(alert("SwitchDown", "AB"), null));
        assertThat(sift.ingest(firing(onHost.apply(7), null)).incidentId()).isEqualTo(cause);
        assertThat(sift.incident(storm).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(sift.alertsOf(cause)).hasSize(201);
    }

    @Test
    void theSameAlertEscalatingJoinsTheIncidentItStillFiresIn() {
        var sift = driver(IntelligentGrouping.defaults());
        var warning = alert("RegistrationFailed", "AB");
        var critical = labels("alertname", "RegistrationFailed", "zone", "AB", "severity", "critical");

        long cascade = sift.ingest(firing(warning, null)).incidentId();
        sift.clock.advance(Duration.ofMinutes(5));
        sift.ingest(firing(warning, null));
        sift.clock.advance(Duration.ofMinutes(15));
        long escalated = sift.ingest(firing(critical, null)).incidentId(); // a new alert to its source
        sift.ingest(firing(warning, null));
        sift.clock.advance(Duration.ofMinutes(5));
        var joined = sift.ingest(firing(critical, null)); // sent again: it persists

        assertThat(joined.incidentId()).isEqualTo(cascade);
        assertThat(sift.lastEntry(cascade).message()).startsWith("RegistrationFailed joined from #" + escalated
                + ", which it opened: same zone AB; RegistrationFailed already fires there at another severity"
                + " (since 20m)");
    }

    @Test
    void anAlertThatKeepsFiringWithoutBeingSentAgainIsPlacedAfterTheSourcesResendInterval() {
        var sift = driver(IntelligentGrouping.defaults());
        var elsewhere = alert("QueueLag", "XQ");
        sift.ingest(firing(elsewhere, null));
        for (int i = 0; i < 5; i++) { // the stream shows how often its source sends a firing alert again
            sift.clock.advance(Duration.ofMinutes(5));
            sift.ingest(firing(elsewhere, null));
        }
        sift.clock.advance(Duration.ofHours(1));

        long cascade = sift.ingest(firing(alert("RegistrationFailed", "AB"), null)).incidentId();
        sift.clock.advance(Duration.ofSeconds(40));
        var tooFew = sift.ingest(firing(alert("TooFewEndpoints", "AB"), null)); // sent once, never again
        assertThat(sift.timeline(tooFew.incidentId()).get(0).message())
                .endsWith("alone for now: joins a related incident once it is sent again or still fires after 5m"
                        + " (transient failures stay apart)");
        sift.clock.advance(Duration.ofSeconds(4 * 60 + 20));
        sift.ingest(firing(alert("RegistrationFailed", "AB"), null));
        sift.tick();
        assertThat(sift.alertsOf(tooFew.incidentId())).hasSize(1).as("it has fired for 4m20s only");

        sift.clock.advance(Duration.ofMinutes(1));
        sift.tick(); // it has fired for 5m20s, longer than the source takes to send again: it persists

        assertThat(sift.incident(tooFew.incidentId()).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(sift.alertsOf(cascade)).hasSize(2);
        assertThat(sift.lastEntry(cascade).message()).startsWith("TooFewEndpoints joined from #"
                + tooFew.incidentId() + ", which it opened: same zone AB; began 40s after RegistrationFailed");
    }

    @Test
    void aStormOfMoreThanAThousandAlertsStaysAnIncidentOfItsOwn() {
        var sift = driver(IntelligentGrouping.defaults());
        java.util.function.IntFunction<Map<String, String>> onHost = i -> labels("alertname", "NodeDown",
                "zone", "AB", "instance", "host-" + i, "severity", "warning");
        long cause = sift.ingest(firing(alert("SwitchDown", "AB"), null)).incidentId();
        long storm = sift.ingest(firing(onHost.apply(0), null)).incidentId();
        for (int i = 1; i <= Engine.MOVABLE_ALERTS; i++) {
            sift.clock.advance(Duration.ofMillis(10));
            sift.ingest(firing(onHost.apply(i), null));
        }
        sift.clock.advance(Duration.ofMinutes(4));
        sift.ingest(firing(alert("SwitchDown", "AB"), null));

        var again = sift.ingest(firing(onHost.apply(7), null)); // persists, but the storm is too big to move

        assertThat(again.incidentId()).isEqualTo(storm);
        assertThat(sift.incident(storm).status()).isNotEqualTo(IncidentStatus.CLOSED);
        assertThat(sift.alertsOf(storm)).hasSize(Engine.MOVABLE_ALERTS + 1);
        assertThat(sift.alertsOf(cause)).hasSize(1);
    }

    @Test
    void theSameStreamGroupsTheSameWayTwice() {
        assertThat(run()).isEqualTo(run());
    }

    private static List<Long> run() {
        var sift = driver(IntelligentGrouping.defaults());
        List<Long> incidents = new java.util.ArrayList<>();
        String[] zones = {"AB", "XQ", "OH-1"};
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 30; i++) {
                var labels = alert("Alert" + (i % 7), zones[i % 3]);
                incidents.add(sift.ingest(firing(labels, null)).incidentId());
                sift.clock.advance(Duration.ofSeconds(17 + i % 5));
                if (i % 4 == 0) {
                    sift.ingest(resolved(labels, null));
                }
            }
            sift.clock.advance(Duration.ofMinutes(30));
        }
        return incidents;
    }
}
