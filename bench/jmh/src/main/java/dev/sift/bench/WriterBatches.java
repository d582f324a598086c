package dev.sift.bench;

import dev.sift.core.engine.Changes;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Engine;
import dev.sift.core.engine.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies commands to an engine the way app's {@code SingleWriter} does, without the database: a batch at a time,
 * every command of a batch at the batch's instant, a tick first when a timer is due, and one {@link Changes}
 * reused for every batch, cleared where the writer would commit. The clock moves on by a second per batch.
 * Not thread-safe, like the writer it imitates.
 */
final class WriterBatches {
    /** The commands of one writer batch: what 100 alerts per request with one request per commit gives. */
    static final int BATCH = 100;
    static final Duration BATCH_INTERVAL = Duration.ofSeconds(1);

    private final Engine engine;
    private final Changes changes = new Changes();
    private Instant now;

    WriterBatches(Engine engine, Instant start) {
        this.engine = engine;
        this.now = start;
    }

    /** Applies all commands, {@link #BATCH} at a time, handing every outcome to {@code outcomes}. */
    void applyAll(List<Command> commands, Consumer<Outcome> outcomes) {
        for (int from = 0; from < commands.size(); from += BATCH) {
            applyBatch(commands.subList(from, Math.min(from + BATCH, commands.size())), outcomes);
        }
    }

    void applyBatch(List<Command> batch, Consumer<Outcome> outcomes) {
        Instant due = engine.nextDue();
        if (due != null && !due.isAfter(now)) {
            outcomes.accept(engine.apply(new Command.Tick(), now, changes));
        }
        for (Command c : batch) {
            outcomes.accept(engine.apply(c, now, changes));
        }
        changes.clear();
        now = now.plus(BATCH_INTERVAL);
    }

    /** The instant of the {@code n}-th batch (from 0) of a run that starts at {@code start}. */
    static Instant instantOfBatch(Instant start, int n) {
        return start.plus(BATCH_INTERVAL.multipliedBy(n));
    }
}
