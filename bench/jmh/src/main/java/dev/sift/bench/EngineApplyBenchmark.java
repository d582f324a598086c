package dev.sift.bench;

import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Engine;
import dev.sift.core.grouping.GroupingPolicies;
import dev.sift.core.grouping.NoGrouping;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine's apply loop, as the single writer drives it ({@link WriterBatches}): one operation is one ingested
 * alert, so the score is alerts per second on one thread, without parsing (signals are built beforehand, as the
 * HTTP adapter hands them over) and without the database.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineApplyBenchmark {
    static final int NEW_ALERTS = 10_000;
    static final int MIXED = 10_000;
    /**
     * Without grouping, as when the numbers in docs/benchmarks.md were taken: these measure the apply loop, one
     * incident per alert. The default intelligent grouping merges the re-sent alerts of a workload into a few
     * incidents; its cost per decision needs a benchmark of its own (issue #5).
     */
    static final AutomationPolicy POLICY = AutomationPolicy.defaults()
            .withGrouping(GroupingPolicies.only(new NoGrouping()));

    /** Never-seen alerts: each opens an incident. A fresh engine per invocation keeps the working set bounded. */
    @State(Scope.Thread)
    public static class NewAlerts {
        List<Command> commands;

        @Setup(Level.Trial)
        public void build() {
            commands = Workloads.newAlerts(NEW_ALERTS);
        }
    }

    /** 1,000 firing alerts re-sent over and over into one engine that already holds them: counter updates. */
    @State(Scope.Thread)
    public static class ResentAlerts {
        List<Command> commands;
        WriterBatches writer;
        int next;

        @Setup(Level.Trial)
        public void openThem() {
            commands = Workloads.resent();
            writer = new WriterBatches(new Engine(POLICY), SyntheticAlerts.START);
            writer.applyAll(commands, outcome -> {});
        }

        List<Command> nextBatch() {
            List<Command> batch = commands.subList(next, next + WriterBatches.BATCH);
            next = (next + WriterBatches.BATCH) % commands.size();
            return batch;
        }
    }

    /** Re-sends, new alerts, resolves and alerts firing again (see {@link Workloads#mixed}), from a fresh engine. */
    @State(Scope.Thread)
    public static class Mixed {
        List<Command> commands;

        @Setup(Level.Trial)
        public void build() {
            commands = Workloads.mixed(MIXED, 42);
        }
    }

    @Benchmark
    @OperationsPerInvocation(NEW_ALERTS)
    public void newAlerts(NewAlerts state, Blackhole blackhole) {
        new WriterBatches(new Engine(POLICY), SyntheticAlerts.START).applyAll(state.commands, blackhole::consume);
    }

    @Benchmark
    @OperationsPerInvocation(WriterBatches.BATCH)
    public void resentAlerts(ResentAlerts state, Blackhole blackhole) {
        state.writer.applyBatch(state.nextBatch(), blackhole::consume);
    }

    @Benchmark
    @OperationsPerInvocation(MIXED)
    public void mixed(Mixed state, Blackhole blackhole) {
        new WriterBatches(new Engine(POLICY), SyntheticAlerts.START).applyAll(state.commands, blackhole::consume);
    }
}
