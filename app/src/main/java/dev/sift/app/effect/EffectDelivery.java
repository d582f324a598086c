package dev.sift.app.effect;

import dev.sift.app.runtime.PollingWorkers;
import dev.sift.core.notification.Notifying;
import dev.sift.storage.PostgresEffects;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The effect workers (ADR 8): claim due rows of the effect journal — the oldest pending one per incident and
 * target, so each target sees an incident's events in order — hand each to its target's {@link EffectHandler},
 * and record the outcome: delivered (with a timeline line when worth telling), retried with exponential backoff,
 * or dead after the rules' number of attempts (and the timeline says so). The target's health follows each
 * attempt. Retry settings are the notifications' ({@code notifications: attempts, backoff, maxBackoff}).
 */
public final class EffectDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EffectDelivery.class);
    static final Duration LEASE = Duration.ofMinutes(5);
    private static final int CLAIM = 5;

    private final PostgresEffects effects;
    private final EffectTargets targets;
    private final Supplier<Notifying> retry;
    private final Clock clock;
    private final MeterRegistry registry;
    private final PollingWorkers workers;

    public EffectDelivery(PostgresEffects effects, EffectTargets targets, Supplier<Notifying> retry, Clock clock,
                          Duration poll, MeterRegistry registry) {
        this.effects = effects;
        this.targets = targets;
        this.retry = retry;
        this.clock = clock;
        this.registry = registry;
        this.workers = new PollingWorkers("effects", poll, worker -> deliverDue(), LOG);
    }

    public EffectDelivery start(int count) {
        workers.start(count);
        return this;
    }

    int deliverDue() {
        Instant now = clock.instant();
        List<PostgresEffects.Claimed> claimed = effects.claim(now, now.plus(LEASE), CLAIM);
        for (int i = 0; i < claimed.size(); i++) {
            if (!workers.running()) {
                effects.release(claimed.subList(i, claimed.size()), clock.instant());
                break;
            }
            deliver(claimed.get(i));
        }
        return claimed.size();
    }

    private void deliver(PostgresEffects.Claimed row) {
        int attempt = row.attempts() + 1;
        PostgresEffects.Target target = effects.target(row.targetId()).orElse(null);
        if (target == null) {
            return; // deleted with its rows (cascade)
        }
        EffectHandler handler = targets.handler(target.kind());
        EffectHandler.Delivered done;
        try {
            if (handler == null) {
                throw new EffectFailed("no handler for targets of kind " + target.kind(), false);
            }
            done = handler.deliver(target, row.entry());
        } catch (EffectFailed e) {
            failed(row, target, attempt, e);
            return;
        } catch (RuntimeException e) { // a bug or a broken config: retried, and visible
            LOG.warn("effect {} of incident #{} to {} failed unexpectedly", row.entry().event().wireName(),
                    row.entry().incidentId(), target.name(), e);
            failed(row, target, attempt, new EffectFailed(e.toString(), true));
            return;
        }
        Instant at = clock.instant();
        effects.delivered(row, at, done.outcome(), done.timeline());
        effects.targetSucceeded(target.id(), at);
        counter("sift.effects.delivered", "Effects delivered to external systems", target).increment();
    }

    private void failed(PostgresEffects.Claimed row, PostgresEffects.Target target, int attempt, EffectFailed e) {
        Notifying settings = retry.get();
        Instant at = clock.instant();
        boolean giveUp = !e.retryable() || attempt >= settings.attempts();
        effects.targetFailed(target.id(), at, e.getMessage());
        counter("sift.effects.failed", "Failed attempts to deliver effects to external systems", target).increment();
        String what = row.entry().event().wireName();
        if (giveUp) {
            LOG.warn("effect {} of incident #{} to {} is dead after {} attempt(s): {}", what,
                    row.entry().incidentId(), target.name(), attempt, e.getMessage());
            effects.failed(row, at, e.getMessage(), null, "could not tell " + target.name() + " (" + what + ") after "
                    + attempt + " attempt(s): " + e.getMessage());
        } else {
            Duration wait = settings.retryAfter(attempt);
            LOG.info("effect {} of incident #{} to {} failed (attempt {} of {}), retry in {}: {}", what,
                    row.entry().incidentId(), target.name(), attempt, settings.attempts(), wait, e.getMessage());
            effects.failed(row, at, e.getMessage(), at.plus(wait), null);
        }
    }

    private Counter counter(String name, String description, PostgresEffects.Target target) {
        return Counter.builder(name).description(description).tag("target", target.name()).register(registry);
    }

    @Override
    public void close() {
        workers.close();
    }
}
