package dev.sift.core.engine;

import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.incident.Incident;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.inhibition.InhibitRule;
import dev.sift.core.inhibition.Inhibition;
import dev.sift.core.matching.Matcher;
import dev.sift.core.notification.Channel;
import dev.sift.core.notification.Notification;
import dev.sift.core.notification.NotificationEvent;
import dev.sift.core.notification.Notifier;
import dev.sift.core.notification.Notifying;
import dev.sift.core.routing.PriorityRule;
import dev.sift.core.routing.Route;
import dev.sift.core.routing.RouteSettings;
import dev.sift.core.routing.RouteTree;
import dev.sift.core.rules.Rules;
import dev.sift.core.silence.Silencing;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which notifications the engine puts into the outbox for which commands: opened, priority raised, reopened and
 * resolved, on the route's channels (or the default ones) that take the event; never for repeats, silenced or
 * inhibited alerts; with a key that is the same whenever the same thing happens at the same instant.
 */
class NotificationTest {
    static final Channel OPS = new Channel.Webhook("ops-webhook", "http://ops.example.org/hook", null,
            Notifying.ALL_EVENTS);
    static final Channel DBA_MAIL = new Channel.Email("dba-mail", "smtp.example.org", 25, false, null, null,
            "sift@example.org", List.of("dba@example.org"), EnumSet.of(NotificationEvent.OPENED));
    static final Notifying NOTIFYING = new Notifying(Map.of("ops-webhook", OPS, "dba-mail", DBA_MAIL),
            List.of("ops-webhook"), 5, Duration.ofSeconds(1), Duration.ofMinutes(1));
    static final Route DB = new Route("db", Matcher.parse("team=\"db\""), false, new RouteSettings(null, null, null,
            null, Map.of(), null, List.of("dba-mail", "ops-webhook"), null), List.of());

    final EngineDriver sift = driver(new Rules(EngineDriver.ALONE, new RouteTree(List.of(DB))).withNotifying(NOTIFYING));

    static EngineDriver driver(Rules rules) {
        return new EngineDriver(new Engine(rules), new MutableClock(EngineDriver.START));
    }

    static final Map<String, String> WEB = labels("alertname", "WebDown", "team", "web", "severity", "warning");
    static final Map<String, String> DB_LAG = labels("alertname", "ReplicaLag", "team", "db", "severity", "warning");

    List<String> told() {
        return sift.notifications().stream().map(n -> "#" + n.incidentId() + " " + n.event().wireName() + " → "
                + n.channel()).toList();
    }

    @Test
    void aNewIncidentIsNotifiedOnEveryChannelOfItsRouteThatTakesTheEvent() {
        long id = sift.ingest(firing(DB_LAG, null)).incidentId();

        assertThat(told()).containsExactly("#1 opened → dba-mail", "#1 opened → ops-webhook");
        Notification n = sift.notifications().getFirst();
        assertThat(n.incidentId()).isEqualTo(id);
        assertThat(n.title()).isEqualTo("ReplicaLag");
        assertThat(n.priority()).isEqualTo(Priority.P3);
        assertThat(n.status()).isEqualTo("triggered");
        assertThat(n.queue()).isEqualTo("db");
        assertThat(n.labels()).containsEntry("alertname", "ReplicaLag");
        assertThat(n.message()).isEqualTo("opened by ReplicaLag (severity warning → P3)");
        assertThat(n.at()).isEqualTo(EngineDriver.START);
        assertThat(n.dedupKey()).isEqualTo("sift-1-opened-" + EngineDriver.START.toEpochMilli() + "-dba-mail");
    }

    @Test
    void anIncidentWhoseRouteNamesNoChannelGoesToTheDefaultChannels() {
        sift.ingest(firing(WEB, null));
        assertThat(told()).containsExactly("#1 opened → ops-webhook");
    }

    @Test
    void withoutChannelsNothingIsNotified() {
        EngineDriver plain = new EngineDriver();
        plain.ingest(firing(WEB, null));
        plain.ingest(resolved(WEB, null));
        assertThat(plain.notifications()).isEmpty();
    }

    @Test
    void repeatsAreNeverNotified() {
        sift.ingest(firing(WEB, null));
        for (int i = 0; i < 5; i++) {
            sift.clock.advance(Duration.ofMinutes(1));
            sift.ingest(firing(WEB, null));
        }
        assertThat(told()).containsExactly("#1 opened → ops-webhook");
        assertThat(sift.lastChanges().notifications()).isEmpty();
    }

    @Test
    void aRaisedPriorityIsNotifiedOnceFromWhatPeopleWereToldAndALoweringIsNot() {
        sift.ingest(Signals.trigger(9, "web", "Web down", "warning")); // → P3
        sift.clock.advance(Duration.ofMinutes(1));
        sift.ingest(Signals.trigger(9, "web", "Web down", "critical")); // → P1
        sift.clock.advance(Duration.ofMinutes(1));
        sift.ingest(Signals.trigger(9, "web", "Web down", "critical")); // a repeat: nothing
        sift.ingest(Signals.trigger(9, "web", "Web down", "info")); // → P4: not told
        sift.clock.advance(Duration.ofMinutes(1));
        sift.ingest(Signals.trigger(9, "web", "Web down", "error")); // → P2: raised from P4

        assertThat(told()).containsExactly("#1 opened → ops-webhook", "#1 priority-raised → ops-webhook",
                "#1 priority-raised → ops-webhook");
        Notification first = sift.notifications().get(1), second = sift.notifications().get(2);
        assertThat(first.previousPriority()).isEqualTo(Priority.P3);
        assertThat(first.priority()).isEqualTo(Priority.P1);
        assertThat(first.message()).isEqualTo("Web down severity warning → critical; priority P3 → P1");
        assertThat(second.previousPriority()).isEqualTo(Priority.P4);
        assertThat(second.priority()).isEqualTo(Priority.P2);
    }

    @Test
    void aPersonRaisingThePriorityIsNotifiedToo() {
        long id = sift.ingest(firing(WEB, null)).incidentId();
        sift.act(id, "alice", new Action.SetPriority(Priority.P1));
        sift.act(id, "alice", new Action.SetPriority(Priority.P5));
        assertThat(told()).containsExactly("#1 opened → ops-webhook", "#1 priority-raised → ops-webhook");
    }

    @Test
    void resolveAndReopenAreNotifiedOnTheChannelsThatTakeThem() {
        sift.ingest(firing(DB_LAG, null));
        sift.clock.advance(Duration.ofMinutes(5));
        sift.ingest(resolved(DB_LAG, null));
        sift.clock.advance(Duration.ofMinutes(5));
        sift.ingest(firing(DB_LAG, EngineDriver.START.plus(Duration.ofMinutes(10))));

        // dba-mail takes "opened" only
        assertThat(told()).containsExactly("#1 opened → dba-mail", "#1 opened → ops-webhook",
                "#1 resolved → ops-webhook", "#1 reopened → ops-webhook");
        assertThat(sift.notifications().get(2).message()).isEqualTo("all alerts resolved");
        assertThat(sift.notifications().get(2).status()).isEqualTo("resolved");
    }

    @Test
    void acknowledgingCommentingAndClosingNotifyNobody() {
        long id = sift.ingest(firing(WEB, null)).incidentId();
        sift.act(id, "alice", new Action.Acknowledge());
        sift.act(id, "alice", new Action.Comment("looking"));
        sift.act(id, "alice", new Action.Close("done"));
        assertThat(told()).containsExactly("#1 opened → ops-webhook");
    }

    @Test
    void aSilencedAlertIsNotNotifiedUntilItsSilenceEndsWhileItStillFires() {
        sift.apply(new Command.CreateSilence(Matcher.parse("team=\"web\""), null,
                EngineDriver.START.plus(Duration.ofHours(1)), "alice", "deploy"));
        sift.ingest(firing(WEB, null));
        sift.clock.advance(Duration.ofMinutes(30));
        sift.ingest(firing(WEB, null));
        assertThat(sift.notifications()).isEmpty();

        sift.advanceAndTick(Duration.ofMinutes(31));

        assertThat(told()).containsExactly("#1 opened → ops-webhook");
    }

    @Test
    void anInhibitedAlertIsNotNotified() {
        var rule = new InhibitRule("db-down", Matcher.parse("alertname=\"DbDown\""),
                Matcher.parse("alertname=\"ReplicaLag\""), List.of());
        EngineDriver inhibiting = driver(new Rules(EngineDriver.ALONE, RouteTree.EMPTY, Silencing.NONE,
                new Inhibition(List.of(rule))).withNotifying(NOTIFYING));
        inhibiting.ingest(firing(labels("alertname", "DbDown", "severity", "warning"), null));
        var target = inhibiting.ingest(firing(with(DB_LAG, "severity", "critical"), null));

        assertThat(target.effect()).isEqualTo(SignalEffect.INHIBITED);
        assertThat(inhibiting.notifications()).extracting(n -> n.event().wireName() + " #" + n.incidentId())
                .containsExactly("opened #1"); // the critical related alert raises no priority either
    }

    @Test
    void theSameCommandsAtTheSameInstantsGiveTheSameKeys() {
        EngineDriver other = driver(sift.engine.rules());
        for (EngineDriver d : List.of(sift, other)) {
            d.ingest(Signals.trigger(9, "db", "Replica lag", "warning"));
            d.clock.advance(Duration.ofSeconds(90));
            d.ingest(Signals.trigger(9, "db", "Replica lag", "critical"));
            d.ingest(Signals.resolveEvent(9, "db"));
        }
        assertThat(other.notifications()).extracting(Notification::dedupKey)
                .containsExactlyElementsOf(sift.notifications().stream().map(Notification::dedupKey).toList())
                .doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void afterARestartARaiseIsMeasuredFromThePriorityTheIncidentHadAndNothingIsToldAgain() {
        sift.ingest(Signals.trigger(9, "web", "Web down", "warning"));
        EngineDriver restarted = driver(sift.engine.rules());
        restarted.engine.restore(sift.snapshot());

        restarted.ingest(Signals.trigger(9, "web", "Web down", "warning"));
        restarted.ingest(Signals.trigger(9, "web", "Web down", "critical"));

        assertThat(restarted.notifications()).extracting(n -> n.event().wireName() + " from " + n.previousPriority())
                .containsExactly("priority-raised from P3");
    }

    @Test
    void aRulesReloadChangesTheChannelsOfTheNextNotification() {
        sift.ingest(firing(WEB, null));
        sift.apply(new Command.UseRules(sift.engine.rules().withNotifying(Notifying.NONE)));
        sift.ingest(resolved(WEB, null));
        assertThat(told()).containsExactly("#1 opened → ops-webhook");
    }

    @Test
    void aMutedIncidentIsNotNotifiedAndTheSlaHookNotifiesItsOwnEvent() {
        Notifier notifier = new Notifier();
        Incident incident = Incident.open(7, "WebDown", Priority.P2, "web", Map.of(),
                dev.sift.core.routing.Routing.NONE, EngineDriver.START);
        List<Notification> out = new ArrayList<>();

        notifier.event(incident, NotificationEvent.SLA_BREACHED, "time to acknowledge (15m) passed",
                EngineDriver.START, NOTIFYING, out::add);
        notifier.mute(7);
        notifier.event(incident, NotificationEvent.SLA_BREACHED, "again", EngineDriver.START, NOTIFYING, out::add);

        assertThat(out).extracting(n -> n.event().wireName() + " → " + n.channel() + ": " + n.message())
                .containsExactly("sla-breached → ops-webhook: time to acknowledge (15m) passed");
    }

    @Test
    void retriesWaitTwiceAsLongEachTimeUpToTheLongestWait() {
        Notifying n = new Notifying(Map.of(), List.of(), 8, Duration.ofSeconds(30), Duration.ofMinutes(5));
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(n::retryAfter).toList()).containsExactly(
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(5), Duration.ofMinutes(5));
        assertThat(NotificationEvent.wireNames().split(", "))
                .containsExactlyInAnyOrder("opened", "priority-raised", "reopened", "resolved", "sla-breached");
    }

    static Map<String, String> with(Map<String, String> labels, String name, String value) {
        var m = new java.util.LinkedHashMap<>(labels);
        m.put(name, value);
        return m;
    }

    @Test
    void anSlaBreachIsNotifiedOnTheChannelsThatTakeIt() {
        var dbWithin30m = new dev.sift.core.sla.SlaPolicy("db", java.util.Set.of("db"), java.util.Set.of(),
                Duration.ofMinutes(30), null, null, null, false);
        var sla = driver(new Rules(EngineDriver.ALONE, new RouteTree(List.of(DB)), Silencing.NONE, Inhibition.NONE,
                dev.sift.core.transients.Transients.NONE, dev.sift.core.flapping.FlapPolicy.DEFAULT,
                new dev.sift.core.sla.SlaPolicies(List.of(dbWithin30m)), NOTIFYING));

        sla.ingest(firing(DB_LAG, null));
        sla.advanceAndTick(Duration.ofMinutes(30));

        assertThat(sla.notifications().stream().map(n -> "#" + n.incidentId() + " " + n.event().wireName() + " → "
                + n.channel()).toList())
                .containsExactly("#1 opened → dba-mail", "#1 opened → ops-webhook", "#1 sla-breached → ops-webhook")
                .as("dba-mail takes only 'opened'");
    }

    @Test
    void aFlappingIncidentIsQuietUntilItStopsFlapping() {
        var flappy = driver(new Rules(EngineDriver.ALONE, RouteTree.EMPTY).withNotifying(NOTIFYING)
                .withFlapping(new dev.sift.core.flapping.FlapPolicy(4, Duration.ofMinutes(30))));
        long id = flappy.ingest(firing(WEB, null)).incidentId();
        for (int i = 0; i < 10 && !flappy.alertsOf(id).getFirst().isFlapping(); i++) {
            flappy.clock.advance(Duration.ofMinutes(1));
            flappy.ingest(resolved(WEB, null));
            flappy.clock.advance(Duration.ofMinutes(1));
            flappy.ingest(firing(WEB, null));
        }
        assertThat(flappy.alertsOf(id).getFirst().isFlapping()).isTrue();
        int toldBefore = flappy.notifications().size();

        for (int i = 0; i < 3; i++) {
            flappy.clock.advance(Duration.ofMinutes(1));
            flappy.ingest(resolved(WEB, null));
            flappy.clock.advance(Duration.ofMinutes(1));
            flappy.ingest(firing(WEB, null));
        }
        assertThat(flappy.notifications()).hasSize(toldBefore).as("muted while it flaps");

        // after a restart it is still muted: derived again from the stored flapping flag
        var restarted = new EngineDriver(new Engine(new Rules(EngineDriver.ALONE, RouteTree.EMPTY)
                .withNotifying(NOTIFYING).withFlapping(new dev.sift.core.flapping.FlapPolicy(4, Duration.ofMinutes(30)))),
                flappy.clock);
        restarted.engine.restore(flappy.snapshot());
        restarted.clock.advance(Duration.ofMinutes(1));
        restarted.ingest(resolved(WEB, null));
        assertThat(restarted.notifications()).as("muted after a restart").isEmpty();

        flappy.advanceAndTick(Duration.ofMinutes(31)); // quiet for the window: it stopped flapping
        assertThat(flappy.alertsOf(id).getFirst().isFlapping()).isFalse();
        flappy.ingest(resolved(WEB, null));
        assertThat(flappy.notifications().getLast().event()).isEqualTo(NotificationEvent.RESOLVED);
        assertThat(flappy.notifications()).hasSize(toldBefore + 1);
    }

    @Test
    void flappingUnderAnSlaKeepsOneIncidentAndOneClockAndItsBreachIsMuted() {
        var p1 = new dev.sift.core.sla.SlaPolicy("P1", java.util.Set.of(), java.util.Set.of(Priority.P1),
                Duration.ofMinutes(15), null, null, null, false);
        var sla = driver(new Rules(EngineDriver.ALONE, RouteTree.EMPTY, Silencing.NONE, Inhibition.NONE,
                dev.sift.core.transients.Transients.NONE, new dev.sift.core.flapping.FlapPolicy(4, Duration.ofHours(1)),
                new dev.sift.core.sla.SlaPolicies(List.of(p1)), NOTIFYING));
        var down = labels("alertname", "DbDown", "team", "db", "severity", "critical");
        long id = sla.ingest(firing(down, null)).incidentId();
        for (int minute = 1; minute < 60; minute++) { // one minute firing, one minute resolved, for an hour
            sla.advanceAndTick(Duration.ofMinutes(1));
            var outcome = minute % 2 == 1 ? sla.ingest(resolved(down, null)) : sla.ingest(firing(down, null));
            assertThat(outcome.incidentId()).isEqualTo(id);
        }

        var breaches = sla.timeline(id).stream().filter(e -> e.kind() == TimelineKind.SLA_BREACHED).toList();
        assertThat(breaches).hasSize(1);
        // 15 minutes of an open incident; the resolved minutes in between are pauses, not a fresh clock
        assertThat(breaches.getFirst().at()).isEqualTo(EngineDriver.START.plus(Duration.ofMinutes(29)));
        assertThat(sla.alertsOf(id).getFirst().isFlapping()).isTrue();
        assertThat(sla.notifications()).extracting(n -> n.event().wireName())
                .doesNotContain("sla-breached").as("muted: the incident flaps");
    }
}
