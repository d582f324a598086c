package dev.sift.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH finds the benchmarks only through the list its annotation processor writes at compile time. On JDK 23+ a
 * processor that is merely on the class path does not run, and nothing says so: the jar builds and JMH then reports
 * "No matching benchmarks". This catches that without running any benchmark.
 */
class BenchmarkListTest {

    @Test
    void everyBenchmarkWasGeneratedIntoTheBenchmarkList() {
        var silent = OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()),
                VerboseMode.SILENT);

        List<String> names = BenchmarkList.defaultList().getAll(silent, List.of()).stream()
                .map(BenchmarkListEntry::getUsername).sorted().toList();

        assertThat(names).containsExactly(
                "dev.sift.bench.EngineApplyBenchmark.mixed",
                "dev.sift.bench.EngineApplyBenchmark.newAlerts",
                "dev.sift.bench.EngineApplyBenchmark.resentAlerts",
                "dev.sift.bench.ReplayBenchmark.replayCold",
                "dev.sift.bench.ReplayBenchmark.replayWarm");
    }
}
