package dev.sift.app.config;

import dev.sift.core.engine.Command;
import dev.sift.core.port.CommandQueue;
import dev.sift.core.rules.Rules;
import dev.sift.core.rules.RulesStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a changed rules file while Sift runs: on SIGHUP, and when a poll sees the file's content change (a hash,
 * not the modification time, so that editors writing a new file and Kubernetes' config-map symlink swaps are both
 * seen). Valid rules go to the engine as a {@link Command.UseRules} through the same single-writer queue as
 * signals, so they apply atomically between two commands and in order with them. An invalid file changes nothing:
 * the old rules keep running, and the problems are logged with file and line, shown by {@link #status()} (which
 * /readyz, GET /api/v1/rules and {@code sift_rules_valid} report) and counted in
 * {@code sift_rules_reload_total{result="invalid"}}. Thread-safe: reloads are serialised.
 */
public final class RulesReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesReloader.class);
    /** How long a reload waits for the writer to apply the new rules before trying again at the next poll. */
    private static final Duration APPLY_WAIT = Duration.ofSeconds(30);
    private static final String UNREADABLE = "unreadable";

    private final Path file;
    private final CommandQueue queue;
    private final Clock clock;
    private final Counter reloadsOk;
    private final Counter reloadsInvalid;
    private final ScheduledExecutorService poller;
    private final Runnable onHangup = () -> execute(true);
    private volatile RulesStatus status;
    /** The hash of the content last read, applied or refused: a poll acts only when it differs. */
    private String lastSeen;

    public RulesReloader(Path file, String initialText, Rules initial, CommandQueue queue, Clock clock,
                         MeterRegistry registry) {
        this.file = file;
        this.queue = queue;
        this.clock = clock;
        this.lastSeen = sha256(initialText);
        this.status = new RulesStatus(initial, file.toString(), clock.instant(), clock.instant(), List.of());
        this.reloadsOk = Counter.builder("sift.rules.reload").tag("result", "ok")
                .description("Reloads of the rules file, by result").register(registry);
        this.reloadsInvalid = Counter.builder("sift.rules.reload").tag("result", "invalid")
                .description("Reloads of the rules file, by result").register(registry);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("sift-rules-reload").unstarted(r));
    }

    /** Polls the file every {@code interval}, and reloads on SIGHUP. */
    public RulesReloader start(Duration interval) {
        poller.scheduleWithFixedDelay(() -> reloadQuietly(false), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        Hangup.onSignal(onHangup);
        return this;
    }

    public RulesStatus status() {
        return status;
    }

    /**
     * Reads the file and applies it if it is valid; {@code force} reloads even an unchanged file (SIGHUP).
     *
     * @return the status afterwards
     */
    public synchronized RulesStatus reload(boolean force) {
        String text;
        Rules rules;
        try {
            text = RulesFile.read(file);
        } catch (InvalidConfig e) {
            // Said once: a file that stays unreadable (a config-map swap in progress) is not logged every poll.
            return UNREADABLE.equals(lastSeen) && !force ? status : refuse(e, UNREADABLE);
        }
        String hash = sha256(text);
        if (!force && hash.equals(lastSeen)) {
            return status;
        }
        try {
            rules = RulesFile.parse(file.toString(), text);
        } catch (InvalidConfig e) {
            return refuse(e, hash);
        }
        try {
            queue.submit(List.of(new Command.UseRules(rules))).get(APPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) { // full queue, database outage, shutdown: the next poll tries again
            LOG.warn("the changed rules file {} is valid but could not be applied yet ({}); retrying", file,
                    e.toString());
            return status;
        }
        lastSeen = hash;
        status = new RulesStatus(rules, file.toString(), clock.instant(), clock.instant(), List.of());
        reloadsOk.increment();
        LOG.info("rules reloaded from {}: {} top-level routes", file, rules.routes().routes().size());
        return status;
    }

    private RulesStatus refuse(InvalidConfig e, String hash) {
        lastSeen = hash;
        List<String> errors = e.problems().stream().map(ConfigProblem::toString).toList();
        status = new RulesStatus(status.rules(), status.file(), status.loadedAt(), clock.instant(), errors);
        reloadsInvalid.increment();
        LOG.error("the rules file {} is invalid; the rules loaded at {} stay in force. {}", file, status.loadedAt(),
                e.getMessage());
        return status;
    }

    private void execute(boolean force) {
        try {
            poller.execute(() -> reloadQuietly(force));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("not reloading: Sift is stopping");
        }
    }

    private void reloadQuietly(boolean force) {
        try {
            reload(force);
        } catch (RuntimeException e) {
            LOG.error("reloading the rules file {} failed", file, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() {
        Hangup.clear(onHangup);
        poller.shutdownNow();
    }
}
