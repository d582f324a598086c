package dev.sift.core.engine;

import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.alert.Source;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.engine.Outcome.Rejected.Reason;
import dev.sift.core.grouping.GroupingPolicies;
import dev.sift.core.grouping.IntelligentGrouping;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * People correcting grouping with a hand-moved clock: merging incidents, moving an alert to another incident,
 * splitting one off, what is refused, and what grouping learns from it for later alerts.
 */
class CorrectionsTest {
    private static Map<String, String> alert(String name, String zone, String severity) {
        return labels("alertname", name, "zone", zone, "severity", severity);
    }

    /** Event-style senders (no re-sends): grouping places each new alert at once. */
    private static long fire(EngineDriver sift, String name, String zone) {
        return sift.ingest(firing(Source.EVENTS, alert(name, zone, "warning"), null)).incidentId();
    }

    private static EngineDriver intelligent() {
        return new EngineDriver(AutomationPolicy.defaults()
                .withGrouping(GroupingPolicies.only(IntelligentGrouping.defaults())));
    }

    @Test
    void aMergeMovesEveryAlertIntoTheTargetAndClosesTheSourceAsMergedIntoIt() {
        var sift = new EngineDriver(); // every alert alone
        long disk = sift.ingest(firing(alert("DiskFull", "AB", "warning"), null)).incidentId();
        long db = sift.ingest(firing(alert("DatabaseDown", "AB", "critical"), null)).incidentId();
        sift.clock.advance(Duration.ofMinutes(2));
        Priority critical = sift.incident(db).priority();

        var outcome = sift.act(disk, "alice", new Action.Merge(db, "the disk filled up because the database"
                + " stopped rotating its logs"));

        assertThat(outcome).isEqualTo(new Outcome.Acted(db));
        assertThat(sift.alertsOf(db)).extracting(a -> a.displayName()).containsExactly("DiskFull", "DatabaseDown");
        assertThat(sift.incident(disk).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(sift.incident(disk).mergedInto()).isEqualTo(db);
        TimelineEntry merged = sift.lastEntry(disk);
        assertThat(merged.kind()).isEqualTo(TimelineKind.MERGED);
        assertThat(merged.actor()).isEqualTo("alice");
        assertThat(merged.message()).isEqualTo("merged into #" + db + " by alice: the disk filled up because the"
                + " database stopped rotating its logs");
        TimelineEntry joined = sift.lastEntry(db);
        assertThat(joined.kind()).isEqualTo(TimelineKind.GROUPED);
        assertThat(joined.actor()).isEqualTo("alice");
        assertThat(joined.message()).isEqualTo("#" + disk + " merged into this incident by alice: the disk filled up"
                + " because the database stopped rotating its logs (1 alert: DiskFull); grouping learns: people"
                + " merged DatabaseDown and DiskFull once");
        assertThat(sift.incident(db).priority()).isEqualTo(critical);
        assertThat(sift.engine.incidents()).extracting(i -> i.id()).containsExactly(db);
    }

    @Test
    void theTargetsPriorityFollowsTheAlertsItTakesIn() {
        var sift = new EngineDriver();
        long db = sift.ingest(firing(alert("DatabaseDown", "AB", "critical"), null)).incidentId();
        long disk = sift.ingest(firing(alert("DiskFull", "AB", "warning"), null)).incidentId();
        Priority before = sift.incident(disk).priority();
        Priority critical = sift.incident(db).priority();

        sift.act(db, "alice", new Action.Merge(disk, null));

        assertThat(sift.incident(disk).priority()).isEqualTo(critical);
        assertThat(sift.lastEntry(disk).message()).isEqualTo("#" + db + " merged into this incident by alice"
                + " (1 alert: DatabaseDown); priority " + before + " → " + critical
                + "; grouping learns: people merged DatabaseDown and DiskFull once");
    }

    @Test
    void whatCannotBeDoneIsRefusedAndChangesNothing() {
        var sift = new EngineDriver();
        long a = fire(sift, "A", "AB");
        long b = fire(sift, "B", "AB");
        long c = fire(sift, "C", "AB");
        long d = fire(sift, "D", "AB");
        sift.act(c, "bob", new Action.Resolve(null));
        sift.act(d, "bob", new Action.Close(null));
        int entries = sift.allTimeline().size();

        assertThat(sift.act(a, "alice", new Action.Merge(a, null)))
                .isEqualTo(new Outcome.Rejected(Reason.INVALID, "cannot merge incident #" + a + " into itself", "into"));
        assertThat(sift.act(a, "alice", new Action.Merge(99, null)))
                .isEqualTo(new Outcome.Rejected(Reason.NOT_FOUND, "no incident #99", "into"));
        assertThat(sift.act(a, "alice", new Action.Merge(c, null))).isEqualTo(new Outcome.Rejected(Reason.CONFLICT,
                "incident #" + c + " is resolved; reopen it before you merge into it", "into"));
        sift.engine.admit(EngineDriver.copy(sift.incident(d))); // as the runtime does for a closed incident named
        assertThat(sift.act(a, "alice", new Action.Merge(d, null))).isEqualTo(new Outcome.Rejected(Reason.CONFLICT,
                "incident #" + d + " is closed; reopen it before you merge into it", "into"));
        long alertOfB = sift.alertsOf(b).get(0).id();
        assertThat(sift.act(a, "alice", new Action.Move(alertOfB, c, null))).isEqualTo(new Outcome.Rejected(
                Reason.INVALID, "alert " + alertOfB + " is not in incident #" + a + " (it is in #" + b + ")", "alert"));
        assertThat(sift.act(b, "alice", new Action.Move(alertOfB, null, null))).isEqualTo(new Outcome.Rejected(
                Reason.INVALID, "alert " + alertOfB + " is the only alert of incident #" + b
                + ": there is nothing to split it from", "alert"));
        assertThat(sift.act(b, "alice", new Action.Move(alertOfB, b, null))).isEqualTo(new Outcome.Rejected(
                Reason.INVALID, "alert " + alertOfB + " is in incident #" + b + " already", "into"));

        assertThat(sift.allTimeline()).hasSize(entries);
        assertThat(sift.engine.incidents()).extracting(i -> i.id()).containsExactly(a, b, c);
        assertThat(sift.lessons()).isEmpty();
    }

    @Test
    void anAlertMovesToAnotherIncidentOrSplitsOffIntoOneOfItsOwn() {
        var sift = new EngineDriver();
        long a = fire(sift, "A", "AB");
        long b = fire(sift, "B", "AB");
        long c = fire(sift, "C", "AB");
        sift.act(b, "alice", new Action.Merge(a, null));
        long alertB = sift.alertsOf(a).get(1).id();

        var moved = sift.act(a, "bob", new Action.Move(alertB, c, "B is about the cache, like C"));

        assertThat(moved).isEqualTo(new Outcome.Acted(c));
        assertThat(sift.alertsOf(a)).extracting(x -> x.displayName()).containsExactly("A");
        assertThat(sift.alertsOf(c)).extracting(x -> x.displayName()).containsExactly("B", "C");
        assertThat(sift.lastEntry(a).message()).isEqualTo("B moved to #" + c + " by bob: B is about the cache, like C"
                + "; grouping learns: people merged A and B once and split them once; people merged B and C once");
        assertThat(sift.lastEntry(c).message()).isEqualTo("B moved here from #" + a + " by bob: B is about the cache,"
                + " like C");
        assertThat(sift.lastEntry(c).actor()).isEqualTo("bob");

        long alertC = sift.alertsOf(c).stream().filter(x -> x.displayName().equals("C")).findFirst().orElseThrow().id();
        var split = (Outcome.Acted) sift.act(c, "bob", new Action.Move(alertC, null, null));

        long own = split.incidentId();
        assertThat(own).isGreaterThan(c);
        assertThat(sift.alertsOf(own)).extracting(x -> x.displayName()).containsExactly("C");
        assertThat(sift.alertsOf(c)).extracting(x -> x.displayName()).containsExactly("B");
        assertThat(sift.incident(own).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(sift.timeline(own).get(0).message()).isEqualTo("opened by C (severity warning → "
                + sift.incident(own).priority() + "); bob split it off from #" + c);
        assertThat(sift.lastEntry(c).message()).isEqualTo("C split off into #" + own
                + " by bob; grouping learns: people merged B and C once and split them once");
    }

    @Test
    void anIncidentWhoseLastAlertMovesAwayIsClosedAsMergedIntoTheTarget() {
        var sift = new EngineDriver();
        long a = fire(sift, "A", "AB");
        long b = fire(sift, "B", "AB");
        long alertA = sift.alertsOf(a).get(0).id();

        sift.act(a, "alice", new Action.Move(alertA, b, null));

        assertThat(sift.incident(a).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(sift.incident(a).mergedInto()).isEqualTo(b);
        assertThat(sift.kinds(a)).endsWith(TimelineKind.GROUPED, TimelineKind.MERGED);
        assertThat(sift.lastEntry(a).message()).isEqualTo("merged into #" + b + " by alice: its last alert, A, moved"
                + " there");
        assertThat(sift.alertsOf(b)).hasSize(2);
    }

    @Test
    void whatStaysResolvesWhenEveryAlertLeftInItHasRecovered() {
        var sift = new EngineDriver();
        long a = fire(sift, "A", "AB");
        long b = fire(sift, "B", "AB");
        sift.act(b, "alice", new Action.Merge(a, null));
        sift.ingest(resolved(alert("A", "AB", "warning"), null));
        long alertB = sift.alertsOf(a).get(1).id();

        sift.act(a, "alice", new Action.Move(alertB, null, null));

        assertThat(sift.incident(a).status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(sift.lastEntry(a).message()).isEqualTo("all alerts resolved");

        long alertA = sift.alertsOf(a).get(0).id();
        sift.act(a, "alice", new Action.Reopen(null));
        sift.act(b + 1, "alice", new Action.Merge(a, null)); // B back in with the recovered A
        var split = (Outcome.Acted) sift.act(a, "alice", new Action.Move(alertA, null, "A was the disk"));

        assertThat(sift.incident(split.incidentId()).status()).as("split off with only a recovered alert")
                .isEqualTo(IncidentStatus.RESOLVED);
        assertThat(sift.incident(a).status()).isEqualTo(IncidentStatus.TRIGGERED);
    }

    @Test
    void groupingDoesNotMoveWhatPeoplePlacedElsewhereLater() {
        var sift = intelligent();
        var tooFew = alert("TooFewEndpoints", "AB", "warning");
        var stale = alert("ModelStale", "AB", "warning");
        long first = fire(sift, "RegistrationFailed", "AB"); // an event: placed at once
        sift.clock.advance(Duration.ofSeconds(20));
        long second = sift.ingest(firing(tooFew, null)).incidentId(); // Alertmanager: waits alone to be sent again
        long third = sift.ingest(firing(stale, null)).incidentId();
        sift.act(third, "alice", new Action.Merge(second, "these two are the endpoint problem, not the registry"));

        sift.clock.advance(Duration.ofMinutes(1));
        sift.ingest(firing(tooFew, null)); // sent again: it would join #first by time, had people not placed it

        assertThat(sift.incident(second).status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(sift.alertsOf(second)).extracting(a -> a.displayName())
                .containsExactly("TooFewEndpoints", "ModelStale");
        assertThat(sift.alertsOf(first)).extracting(a -> a.displayName()).containsExactly("RegistrationFailed");
    }

    @Test
    void aMergeTeachesGroupingToPutTheSameAlertsTogetherNextTime() {
        var sift = intelligent();
        List<Long> first = taughtDay(sift);

        assertThat(first.get(1)).as("10 minutes apart: beyond the join window, alone").isNotEqualTo(first.get(0));

        sift.clock.advance(Duration.ofDays(1));
        long x = fire(sift, "RegistrationFailed", "XQ");
        sift.clock.advance(Duration.ofMinutes(11));
        long y = fire(sift, "ModelStale", "XQ");

        assertThat(y).isEqualTo(x);
        assertThat(sift.lastEntry(x).message()).isEqualTo("ModelStale joined: same zone XQ; began 11m after"
                + " RegistrationFailed; people merged ModelStale and RegistrationFailed once; score 2.00");
    }

    @Test
    void aSplitTeachesGroupingToKeepTheSameAlertsApartNextTime() {
        var sift = intelligent();
        long x = fire(sift, "RegistrationFailed", "AB");
        sift.clock.advance(Duration.ofSeconds(30));
        long z = fire(sift, "HostCpuHigh", "AB");
        assertThat(z).as("30s after it, same zone: joined").isEqualTo(x);
        long alertZ = sift.alertsOf(x).get(1).id();
        sift.act(x, "alice", new Action.Move(alertZ, null, "CPU is another team's batch job"));
        sift.act(x, "alice", new Action.Close(null));

        sift.clock.advance(Duration.ofDays(1));
        long x2 = fire(sift, "RegistrationFailed", "XQ");
        sift.clock.advance(Duration.ofSeconds(30));
        long z2 = fire(sift, "HostCpuHigh", "XQ");

        assertThat(z2).isNotEqualTo(x2);
        assertThat(sift.timeline(z2).get(0).message()).endsWith("nothing related open: no alert in zone XQ began"
                + " within 3m; kept apart from #" + x2 + ": people split HostCpuHigh and RegistrationFailed apart once");
    }

    @Test
    void lessonsSurviveARestartAndAReplayLearnsTheSame() {
        var before = intelligent();
        taughtDay(before);
        assertThat(before.lessons()).extracting(l -> l.describe())
                .containsExactly("people merged ModelStale and RegistrationFailed once");

        Engine fresh = new Engine(before.engine.rules());
        fresh.restore(before.snapshot());
        var after = new EngineDriver(fresh, new MutableClock(before.clock.now().plus(Duration.ofDays(1))));
        long x = fire(after, "RegistrationFailed", "XQ");
        after.clock.advance(Duration.ofMinutes(11));
        assertThat(fire(after, "ModelStale", "XQ")).isEqualTo(x);

        var again = intelligent();
        taughtDay(again);
        assertThat(again.allTimeline()).isEqualTo(before.allTimeline());
        assertThat(again.lessons()).isEqualTo(before.lessons());
    }

    /** Two alerts 10 minutes apart in one zone, which a person merges; both incidents closed afterwards. */
    private static List<Long> taughtDay(EngineDriver sift) {
        long x = fire(sift, "RegistrationFailed", "AB");
        sift.clock.advance(Duration.ofMinutes(10));
        long y = fire(sift, "ModelStale", "AB");
        sift.clock.advance(Duration.ofMinutes(1));
        sift.act(y, "alice", new Action.Merge(x, "the stale model follows the failed registrations"));
        sift.act(x, "alice", new Action.Close("fixed"));
        return List.of(x, y);
    }
}
