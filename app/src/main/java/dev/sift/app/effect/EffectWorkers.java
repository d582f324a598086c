package dev.sift.app.effect;

import dev.sift.core.notification.Notifying;
import dev.sift.core.port.CommandQueue;
import dev.sift.storage.PostgresAlertmanagerSilences;
import dev.sift.storage.PostgresEffects;
import dev.sift.storage.PostgresEngineStore;
import dev.sift.storage.PostgresExternalTickets;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Everything that keeps external systems in step with incidents (ADR 8), wired in one place: the targets, the
 * delivery workers of the effect journal, and the watcher that brings back what people do in ticket systems.
 */
public final class EffectWorkers implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(300);
    private static final int WORKERS = 2;

    private final EffectTargets targets;
    private final EffectDelivery delivery;
    private final TicketWatcher watcher;

    private EffectWorkers(EffectTargets targets, EffectDelivery delivery, TicketWatcher watcher) {
        this.targets = targets;
        this.delivery = delivery;
        this.watcher = watcher;
    }

    /**
     * @param box seals the targets' secrets ({@link SecretBox#open(String, java.nio.file.Path)})
     * @param retry the retry settings in force (the notifications' attempts and backoff)
     */
    public static EffectWorkers start(Jdbi jdbi, PostgresEngineStore store, CommandQueue writer,
                                      Supplier<Notifying> retry, SecretBox box, Clock clock,
                                      MeterRegistry registry) {
        var effects = new PostgresEffects(jdbi);
        var tickets = new PostgresExternalTickets(jdbi);
        var targets = new EffectTargets(effects, tickets, new PostgresAlertmanagerSilences(jdbi), box, clock);
        store.writeJournalWhen(targets.anyTarget());
        var delivery = new EffectDelivery(effects, targets, retry, clock, POLL, registry).start(WORKERS);
        var watcher = new TicketWatcher(effects, tickets, targets, store, writer, clock).start();
        return new EffectWorkers(targets, delivery, watcher);
    }

    /** The ticket systems, for the API. */
    public EffectTargets targets() {
        return targets;
    }

    @Override
    public void close() {
        watcher.close();
        delivery.close();
    }
}
