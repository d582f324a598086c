package dev.sift.bench;

import dev.sift.core.engine.Command;
import dev.sift.core.signal.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The command sequences the engine benchmarks apply; built once per benchmark run, outside the measurement. */
final class Workloads {
    /** Label sets the re-sent workload cycles over, as the ingest harness does. */
    static final int RESENT_SETS = 1_000;

    private Workloads() {}

    /** {@code n} firing alerts, each with a label set never seen before by a fresh engine. */
    static List<Command> newAlerts(int n) {
        List<Command> commands = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            commands.add(new Command.Ingest(SyntheticAlerts.firing("new", i)));
        }
        return commands;
    }

    /** The {@link #RESENT_SETS} firing alerts that Prometheus keeps re-sending. */
    static List<Command> resent() {
        List<Command> commands = new ArrayList<>(RESENT_SETS);
        for (int i = 0; i < RESENT_SETS; i++) {
            commands.add(new Command.Ingest(SyntheticAlerts.firing("resent", i)));
        }
        return commands;
    }

    /**
     * {@code n} commands for a fresh engine fed in {@link WriterBatches}: about 70% re-sends of firing alerts, 10%
     * new alerts, 15% resolves and 5% alerts firing again after their resolve (which reopens their incident).
     * Seeded, so every run applies the same sequence.
     */
    static List<Command> mixed(int n, long seed) {
        Random random = new Random(seed);
        List<Integer> firing = new ArrayList<>();
        List<Integer> resolved = new ArrayList<>();
        List<Command> commands = new ArrayList<>(n);
        int next = 0;
        for (int k = 0; k < n; k++) {
            double p = random.nextDouble();
            Signal signal;
            if (firing.isEmpty() || p < 0.10) {
                firing.add(next);
                signal = SyntheticAlerts.firing("mixed", next++);
            } else if (p < 0.25) {
                int i = firing.remove(random.nextInt(firing.size()));
                resolved.add(i);
                signal = SyntheticAlerts.resolved("mixed", i);
            } else if (p < 0.30 && !resolved.isEmpty()) {
                int i = resolved.remove(random.nextInt(resolved.size()));
                firing.add(i);
                // A new episode must start later than the one that ended, or the engine takes it for a late retry:
                // the batch's instant plus the command's place in it grows with every command.
                signal = SyntheticAlerts.firing("mixed", i, WriterBatches
                        .instantOfBatch(SyntheticAlerts.START, k / WriterBatches.BATCH).plusMillis(k % WriterBatches.BATCH));
            } else {
                signal = SyntheticAlerts.firing("mixed", firing.get(random.nextInt(firing.size())));
            }
            commands.add(new Command.Ingest(signal));
        }
        return commands;
    }
}
