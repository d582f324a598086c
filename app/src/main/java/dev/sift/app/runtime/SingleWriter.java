package dev.sift.app.runtime;

import dev.sift.core.engine.Changes;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Engine;
import dev.sift.core.engine.Outcome;
import dev.sift.core.port.CommandQueue;
import dev.sift.core.signal.RawSignal;
import dev.sift.storage.PostgresEngineStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes state. It drains whatever is queued (no deliberate wait), applies it to the engine,
 * writes all resulting changes in one transaction (group commit), and only then completes the callers' futures.
 * When a commit fails, memory may hold changes the database does not, so the engine is reloaded from the
 * database before anything else is applied; the callers of the failed batch get an error and may retry. Until a
 * reload succeeds (the database may be gone for minutes), new submissions are refused at once rather than queued,
 * and the reload is retried at a steady pace rather than in a tight loop.
 */
public final class SingleWriter implements CommandQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleWriter.class);
    /** The longest the writer sleeps when idle, so that timers are never checked much later than due. */
    private static final Duration MAX_IDLE = Duration.ofSeconds(1);
    /** The pause between attempts to reload from a database that did not answer (each attempt itself waits for
     * the connection pool's timeout first). */
    private static final Duration RELOAD_RETRY = Duration.ofMillis(500);
    private static final String DATABASE_UNAVAILABLE = "database_unavailable";

    private record Submission(List<Command> commands, RawSignal raw, CompletableFuture<List<Outcome>> done) {}

    private final Engine engine;
    private final PostgresEngineStore store;
    private final Clock clock;
    private final ArrayBlockingQueue<Submission> queue;
    private final int maxBatch;
    private final Thread thread;
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private final MeterRegistry registry;
    private volatile boolean running = true;
    /** Set by a failed commit, cleared by a successful reload; read by request threads to refuse early. */
    private volatile boolean needsReload;
    /** When the first reload failed, for the log line once the database is back (writer thread only). */
    private long unavailableSinceNanos;
    private boolean unavailable;

    public SingleWriter(Engine engine, PostgresEngineStore store, Clock clock, int capacity, int maxBatch,
                        MeterRegistry registry) {
        this.engine = engine;
        this.store = store;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.registry = registry;
        this.commitTimer = Timer.builder("sift.writer.commit").description("Time to write one batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.batchSize = DistributionSummary.builder("sift.writer.batch.size")
                .description("Commands applied per commit").register(registry);
        Gauge.builder("sift.queue.depth", queue, ArrayBlockingQueue::size)
                .description("Requests waiting for the writer").register(registry);
        Gauge.builder("sift.alerts.held", alertsHeld, AtomicLong::get)
                .description("Alerts the engine holds: in incidents not closed, silenced or pending").register(registry);
        Gauge.builder("sift.queue.capacity", () -> capacity)
                .description("Requests that may wait before ingest is refused (SIFT_QUEUE_CAPACITY)").register(registry);
        this.thread = Thread.ofPlatform().name("sift-writer").unstarted(this::run);
    }

    /** {@link Engine#alertCount()} after the last commit, for the metrics endpoint. */
    private final AtomicLong alertsHeld = new AtomicLong();

    public SingleWriter start() {
        alertsHeld.set(engine.alertCount()); // what was restored, until the first commit
        thread.start();
        return this;
    }

    @Override
    public CompletableFuture<List<Outcome>> submit(List<Command> commands, RawSignal raw) {
        if (!running) {
            throw new Unavailable("shutting_down", "Sift is shutting down");
        }
        if (needsReload) {
            throw unavailable();
        }
        var s = new Submission(List.copyOf(commands), raw, new CompletableFuture<>());
        if (!queue.offer(s)) {
            throw new Overloaded("the ingest queue is full (" + queue.size() + " requests waiting)");
        }
        return s.done();
    }

    @Override
    public int depth() {
        return queue.size();
    }

    private void run() {
        List<Submission> batch = new ArrayList<>();
        Changes changes = new Changes();
        while (running || !queue.isEmpty()) {
            try {
                if (needsReload && !reload()) {
                    refuseQueued();
                    Thread.sleep(RELOAD_RETRY.toMillis()); // pacing, so that a database that is down is not hammered
                    continue;
                }
                Submission first = queue.poll(idleWait().toMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                }
                applyAndCommit(batch, changes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("writer loop failed; retrying", e);
            } finally {
                batch.clear();
                changes.clear();
            }
        }
    }

    private Duration idleWait() {
        Instant due = engine.nextDue();
        if (due == null) {
            return MAX_IDLE;
        }
        Duration d = Duration.between(clock.instant(), due);
        return d.isNegative() ? Duration.ZERO : d.compareTo(MAX_IDLE) > 0 ? MAX_IDLE : d.plusMillis(1);
    }

    private void applyAndCommit(List<Submission> batch, Changes changes) {
        Instant now = clock.instant();
        Instant due = engine.nextDue();
        if (batch.isEmpty() && (due == null || due.isAfter(now))) {
            return;
        }
        List<List<Outcome>> results = new ArrayList<>(batch.size());
        int commands = 0;
        try {
            if (due != null && !due.isAfter(now)) {
                engine.apply(new Command.Tick(), now, changes);
            }
            for (Submission s : batch) {
                List<Outcome> outcomes = new ArrayList<>(s.commands().size());
                for (Command c : s.commands()) {
                    admitIfClosed(c);
                    outcomes.add(engine.apply(c, now, changes));
                }
                if (s.raw() != null) {
                    changes.countReceived(now, s.raw().signals());
                    if (!onlyRepeats(outcomes)) {
                        changes.logSignal(s.raw());
                    }
                }
                commands += s.commands().size();
                results.add(outcomes);
            }
            long started = System.nanoTime();
            store.write(changes);
            commitTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            batchSize.record(commands);
            changes.autoCleared().forEach((rule, n) -> autoCleared(rule).increment(n));
            alertsHeld.set(engine.alertCount()); // published by the writer: the engine is not thread-safe
        } catch (RuntimeException e) {
            LOG.error("commit of {} requests failed; reloading state from the database", batch.size(), e);
            needsReload = true;
            fail(batch, e);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(results.get(i));
        }
    }

    /** Pending alerts that recovered without opening an incident, by the transient rule that held them. */
    private Counter autoCleared(String rule) {
        return Counter.builder("sift.alerts.auto.cleared").tag("rule", rule)
                .description("Alerts that recovered while a transient rule held them: they opened no incident")
                .register(registry);
    }

    /** Bodies that only repeated known alerts are summarised by the alerts' counters, not logged again. */
    private static boolean onlyRepeats(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            if (!(o instanceof Outcome.Ingested i && i.effect().isRepeat())) {
                return false;
            }
        }
        return true;
    }

    /** Actions on a closed incident need it in memory; it is loaded from the database on demand. */
    private void admitIfClosed(Command c) {
        if (c instanceof Command.Act act && !engine.holds(act.incidentId())) {
            store.findIncident(act.incidentId()).ifPresent(engine::admit);
        }
        // a merge or move into a closed incident is refused as such, not as an unknown number
        Long into = c instanceof Command.Act act ? switch (act.action()) {
            case dev.sift.core.workflow.Action.Merge m -> m.into();
            case dev.sift.core.workflow.Action.Move m -> m.into();
            default -> null;
        } : null;
        if (into != null && !engine.holds(into)) {
            store.findIncident(into).ifPresent(engine::admit);
        }
    }

    private boolean reload() {
        try {
            engine.restore(store.load());
        } catch (RuntimeException e) {
            if (!unavailable) {
                unavailable = true;
                unavailableSinceNanos = System.nanoTime();
                LOG.warn("cannot reload state, the database is unavailable ({}); ingest is refused with 503 until it "
                        + "answers again", e.getMessage());
            } else {
                LOG.debug("the database is still unavailable: {}", e.getMessage());
            }
            return false;
        }
        needsReload = false;
        if (unavailable) {
            unavailable = false;
            LOG.info("the database answers again after {} s; state reloaded, ingest resumes",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - unavailableSinceNanos));
        } else {
            LOG.info("state reloaded from the database");
        }
        return true;
    }

    /** What was queued before the writer knew the database was gone gets the same answer as what comes after. */
    private void refuseQueued() {
        Submission s;
        while ((s = queue.poll()) != null) {
            s.done().completeExceptionally(unavailable());
        }
    }

    private static Unavailable unavailable() {
        return new Unavailable(DATABASE_UNAVAILABLE, "the database is unavailable");
    }

    private static void fail(List<Submission> batch, Throwable e) {
        for (Submission s : batch) {
            s.done().completeExceptionally(e);
        }
    }

    /** Stops taking new work, finishes what is queued, and waits for the thread. */
    @Override
    public void close() {
        running = false; // the loop drains what is queued, then ends (it wakes at least once a second)
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Submission s;
        while ((s = queue.poll()) != null) {
            s.done().completeExceptionally(new IllegalStateException("Sift stopped before this was applied"));
        }
    }
}
