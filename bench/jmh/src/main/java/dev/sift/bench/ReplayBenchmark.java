package dev.sift.bench;

import dev.sift.app.replay.Replay;
import dev.sift.core.automation.AutomationPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code sift replay} without the JVM start and the summary: read the recorded stream (gunzip, parse every line),
 * run the engine over it, and write the {@code {"id", "incident"}} lines (to a stream that discards them, so the
 * disk is not measured). One operation is one whole replay of the stream; the secondary result {@code events} is
 * the rate in events per second.
 *
 * <p>{@link #replayWarm} is the steady state of a JVM that has replayed many times; {@link #replayCold} is the
 * first replay in a fresh JVM, as the command runs it (interpreter and JIT compilation included).
 */
@State(Scope.Benchmark)
public class ReplayBenchmark {
    private static final AutomationPolicy POLICY = AutomationPolicy.defaults();
    private Path input;

    /** Counts replayed events; JMH reports it as a rate beside the replays per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Events {
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
        }
    }

    @Setup(Level.Trial)
    public void locate() {
        input = RecordedStream.path();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 5, time = 4)
    @Measurement(iterations = 5, time = 4)
    @Fork(1)
    public int replayWarm(Events counter) throws IOException {
        int events = replay();
        counter.events += events;
        return events;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(5)
    public int replayCold() throws IOException {
        return replay();
    }

    private int replay() throws IOException {
        Replay.Result result = Replay.run(input, POLICY);
        Replay.writeAssignments(result, OutputStream.nullOutputStream());
        return result.events();
    }
}
