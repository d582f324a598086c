package dev.sift.core.engine;

import static dev.sift.core.engine.EngineDriver.START;
import static dev.sift.core.engine.Signals.acknowledgeEvent;
import static dev.sift.core.engine.Signals.diskFull;
import static dev.sift.core.engine.Signals.firing;
import static dev.sift.core.engine.Signals.labels;
import static dev.sift.core.engine.Signals.resolveEvent;
import static dev.sift.core.engine.Signals.resolved;
import static dev.sift.core.engine.Signals.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.incident.Incident;
import dev.sift.core.incident.Priority;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same commands at the same instants give the same incidents: what makes replay exact. */
class DeterminismTest {

    private record Step(Duration after, Command command) {}

    private static Step at(Duration after, dev.sift.core.signal.Signal s) {
        return new Step(after, new Command.Ingest(s));
    }

    private static Step act(Duration after, long id, String actor, Action a) {
        return new Step(after, new Command.Act(id, actor, a));
    }

    private static Step tick(Duration after) {
        return new Step(after, new Command.Tick());
    }

    private static List<Step> script() {
        var steps = new ArrayList<Step>();
        Duration m = Duration.ofMinutes(1);
        for (int i = 0; i < 20; i++) {
            steps.add(at(m, firing(diskFull("db" + i % 7), START.plus(Duration.ofMinutes(i / 7)))));
            steps.add(at(Duration.ZERO, trigger(i % 3, "key-" + i % 4, "Event " + i % 4,
                    i % 2 == 0 ? "warning" : "critical")));
        }
        steps.add(act(m, 1, "alice", new Action.Acknowledge()));
        steps.add(act(m, 2, "bob", new Action.Snooze(START.plus(Duration.ofHours(2)))));
        steps.add(act(m, 3, "carol", new Action.Assign("dave")));
        steps.add(act(m, 4, "alice", new Action.SetPriority(Priority.P1)));
        steps.add(act(m, 5, "bob", new Action.Resolve("flaky")));
        steps.add(act(m, 6, "bob", new Action.Close(null)));
        steps.add(act(m, 99, "bob", new Action.Comment("nobody here")));
        steps.add(act(m, 7, "bob", new Action.Comment("")));
        steps.add(at(m, acknowledgeEvent(1, "key-1", "integration:pager")));
        steps.add(at(m, resolveEvent(2, "key-2")));
        steps.add(at(m, resolved(diskFull("db1"), null)));
        steps.add(at(m, resolved(diskFull("db3"), null)));
        steps.add(at(m, resolved(labels("alertname", "Unknown"), null)));
        steps.add(tick(Duration.ofHours(3)));
        steps.add(at(Duration.ofMinutes(10), firing(diskFull("db3"), START.plus(Duration.ofHours(3)))));
        steps.add(tick(Duration.ofHours(12)));
        steps.add(at(Duration.ofMinutes(5), firing(diskFull("db4"), START)));
        steps.add(tick(Duration.ofHours(30)));
        steps.add(at(m, firing(diskFull("db1"), START.plus(Duration.ofDays(2)))));
        steps.add(tick(Duration.ofDays(3)));
        return steps;
    }

    private static EngineDriver run(List<Step> steps) {
        var sift = new EngineDriver();
        for (Step s : steps) {
            sift.clock.advance(s.after());
            sift.apply(s.command());
        }
        return sift;
    }

    private static List<String> finalState(EngineDriver sift) {
        return sift.engine.incidents().stream().map(DeterminismTest::describe).toList();
    }

    private static String describe(Incident i) {
        return "#" + i.id() + " " + i.status() + " " + i.priority() + " " + i.assignee() + " " + i.updatedAt();
    }

    @Test
    void theSameCommandsAtTheSameInstantsGiveTheSameOutcomesTimelinesAndIncidents() {
        EngineDriver first = run(script());
        EngineDriver second = run(script());

        assertThat(second.outcomes()).isEqualTo(first.outcomes());
        assertThat(second.allTimeline()).isEqualTo(first.allTimeline());
        assertThat(finalState(second)).isEqualTo(finalState(first));
        assertThat(first.allTimeline()).as("the script exercises the engine").hasSizeGreaterThan(40);
        assertThat(first.outcomes()).hasOnlyElementsOfTypes(Outcome.Ingested.class, Outcome.Acted.class,
                Outcome.Ticked.class, Outcome.Rejected.class);
        assertThat(first.outcomes()).filteredOn(o -> o instanceof Outcome.Rejected).hasSize(2);
    }

    @Test
    void aTickWithNothingDueChangesNothing() {
        var sift = new EngineDriver();
        sift.ingest(firing(diskFull("db1"), START));

        var ticked = sift.advanceAndTick(Duration.ofHours(1));

        assertThat(ticked.changes()).isZero();
        assertThat(sift.lastChanges().isEmpty()).isTrue();
    }
}
