package dev.sift.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.engine.Command;
import dev.sift.core.engine.Engine;
import dev.sift.core.engine.Outcome;
import dev.sift.core.engine.SignalEffect;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine benchmarks measure what their names say: these workloads do to an engine what they claim. */
class WorkloadsTest {
    private final Engine engine = new Engine(EngineApplyBenchmark.POLICY);
    private final WriterBatches writer = new WriterBatches(engine, SyntheticAlerts.START);

    @Test
    void newAlertsOpenAnIncidentEach() {
        Map<SignalEffect, Integer> effects = apply(Workloads.newAlerts(EngineApplyBenchmark.NEW_ALERTS));

        assertThat(effects).containsExactly(Map.entry(SignalEffect.OPENED, EngineApplyBenchmark.NEW_ALERTS));
        assertThat(engine.incidents()).hasSize(EngineApplyBenchmark.NEW_ALERTS);
    }

    @Test
    void resentAlertsOnlyRepeatOnceOpened() {
        List<Command> resent = Workloads.resent();
        apply(resent);

        Map<SignalEffect, Integer> again = apply(resent);

        assertThat(again).containsExactly(Map.entry(SignalEffect.REPEATED, Workloads.RESENT_SETS));
        assertThat(engine.alertCount()).isEqualTo(Workloads.RESENT_SETS);
        assertThat(engine.incidents()).hasSize(Workloads.RESENT_SETS);
    }

    @Test
    void mixedRepeatsOpensResolvesAndFiresAgainButNeverSendsWhatTheEngineIgnores() {
        Map<SignalEffect, Integer> effects = apply(Workloads.mixed(EngineApplyBenchmark.MIXED, 42));

        assertThat(effects).containsOnlyKeys(SignalEffect.OPENED, SignalEffect.REPEATED, SignalEffect.RESOLVED,
                SignalEffect.FIRED_AGAIN);
        assertThat(effects.get(SignalEffect.REPEATED)).isBetween(6_000, 8_000);
        assertThat(effects.get(SignalEffect.OPENED)).isBetween(800, 1_200);
        assertThat(effects.get(SignalEffect.RESOLVED)).isBetween(1_200, 1_800);
        assertThat(effects.get(SignalEffect.FIRED_AGAIN)).isBetween(300, 700);
    }

    @Test
    void mixedIsTheSameSequenceEveryRun() {
        assertThat(Workloads.mixed(1_000, 42)).isEqualTo(Workloads.mixed(1_000, 42))
                .isNotEqualTo(Workloads.mixed(1_000, 43));
    }

    private Map<SignalEffect, Integer> apply(List<Command> commands) {
        Map<SignalEffect, Integer> effects = new EnumMap<>(SignalEffect.class);
        writer.applyAll(commands, outcome -> {
            if (outcome instanceof Outcome.Ingested ingested) {
                effects.merge(ingested.effect(), 1, Integer::sum);
            }
        });
        return effects;
    }
}
