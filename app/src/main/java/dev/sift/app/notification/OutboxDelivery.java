package dev.sift.app.notification;

import dev.sift.app.runtime.PollingWorkers;
import dev.sift.core.notification.Channel;
import dev.sift.core.notification.Notification;
import dev.sift.core.notification.Notifying;
import dev.sift.storage.PostgresOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery workers: a few threads that claim due outbox rows ({@code for update skip locked}, so they never
 * take the same row), send each through its channel's {@link Sender}, and record the outcome — delivered (and
 * "notified …" on the incident's timeline), retried later with exponential backoff, or dead after the rules'
 * number of attempts (and "delivery to … failed" on the timeline). Channels and retry settings are read from the
 * rules in force at each attempt, so a reload applies to pending rows too. Rows survive restarts: what was pending
 * is sent after the next start; a row claimed when Sift died is sent again once its lease ends.
 */
public final class OutboxDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    /** How long a claimed row stays with its worker: longer than sending a claim's rows can take (timeouts). */
    static final Duration LEASE = Duration.ofMinutes(5);
    private static final int CLAIM = 5;
    /** How long delivered rows are kept as the record of what was sent. */
    static final Duration DELIVERED_RETENTION = Duration.ofDays(30);
    private static final Duration CLEANUP_EVERY = Duration.ofHours(1);

    private final PostgresOutbox outbox;
    private final Supplier<Notifying> rules;
    private final Clock clock;
    private final Sender webhook;
    private final Sender mail;
    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final PollingWorkers workers;
    /** When the counting worker next deletes old delivered rows. */
    private Instant nextCleanup = Instant.MIN;

    public OutboxDelivery(PostgresOutbox outbox, Supplier<Notifying> rules, Clock clock, Duration poll,
                          MeterRegistry registry) {
        this.outbox = outbox;
        this.rules = rules;
        this.clock = clock;
        this.webhook = new WebhookSender(clock);
        this.mail = new MailSender(clock);
        this.registry = registry;
        this.workers = new PollingWorkers("notify", poll, this::round, LOG);
        Gauge.builder("sift.outbox.pending", pending, AtomicLong::get)
                .description("Notifications waiting to be delivered (new or to be retried)").register(registry);
        Gauge.builder("sift.outbox.dead", dead, AtomicLong::get)
                .description("Notifications given up on after their attempts (dead letters)").register(registry);
    }

    public OutboxDelivery start(int count) {
        workers.start(count);
        return this;
    }

    /** One worker's round; worker 0 also keeps the gauges current and deletes old delivered rows. */
    private int round(int worker) {
        if (worker == 0) {
            cleanUp();
            PostgresOutbox.Counts c = outbox.counts();
            pending.set(c.pending());
            dead.set(c.dead());
        }
        return deliverDue();
    }

    private void cleanUp() {
        Instant now = clock.instant();
        if (now.isBefore(nextCleanup)) {
            return;
        }
        nextCleanup = now.plus(CLEANUP_EVERY);
        int deleted = outbox.deleteDeliveredBefore(now.minus(DELIVERED_RETENTION));
        if (deleted > 0) {
            LOG.info("outbox: deleted {} notifications delivered more than {} days ago", deleted,
                    DELIVERED_RETENTION.toDays());
        }
    }

    /** Claims and delivers one round of due rows; returns how many it handled. */
    int deliverDue() {
        Instant now = clock.instant();
        List<PostgresOutbox.Claimed> claimed = outbox.claim(now, now.plus(LEASE), CLAIM);
        for (int i = 0; i < claimed.size(); i++) {
            if (!workers.running()) { // stopping: what this worker will not send is due again at once, for the next start
                outbox.release(claimed.subList(i, claimed.size()), clock.instant());
                break;
            }
            deliver(claimed.get(i));
        }
        return claimed.size();
    }

    private void deliver(PostgresOutbox.Claimed row) {
        Notification n = row.notification();
        Notifying settings = rules.get();
        Channel channel = settings.channels().get(n.channel());
        int attempt = row.attempts() + 1;
        try {
            if (channel == null) {
                throw new DeliveryFailed("channel '" + n.channel() + "' is not defined in the rules file (any more)",
                        false);
            }
            (channel instanceof Channel.Webhook ? webhook : mail).send(channel, n);
        } catch (DeliveryFailed e) {
            failed(row, channel, attempt, e, settings);
            return;
        }
        Instant at = clock.instant();
        outbox.delivered(row, at, "notified " + n.channel() + ": " + n.event().phrase()
                + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
        counter("sift.notifications.sent", "Notifications delivered", n.channel()).increment();
    }

    private void failed(PostgresOutbox.Claimed row, Channel channel, int attempt, DeliveryFailed e,
                        Notifying settings) {
        Notification n = row.notification();
        Instant at = clock.instant();
        boolean giveUp = !e.retryable() || attempt >= settings.attempts();
        counter("sift.notifications.failed", "Failed delivery attempts of notifications", n.channel()).increment();
        if (giveUp) {
            String times = attempt == 1 ? "" : " " + attempt + " times";
            LOG.warn("notification {} of incident #{} to {} is dead after {} attempt(s): {}", n.event().wireName(),
                    n.incidentId(), n.channel(), attempt, e.getMessage());
            outbox.failed(row, at, e.getMessage(), null, "delivery to " + n.channel() + " failed" + times + ": "
                    + e.getMessage() + " (" + n.event().phrase() + "; not sent)");
        } else {
            Duration wait = settings.retryAfter(attempt);
            LOG.info("notification {} of incident #{} to {} failed (attempt {} of {}), retry in {}: {}",
                    n.event().wireName(), n.incidentId(), n.channel(), attempt, settings.attempts(), wait,
                    e.getMessage());
            outbox.failed(row, at, e.getMessage(), at.plus(wait), null);
        }
    }

    private Counter counter(String name, String description, String channel) {
        return Counter.builder(name).description(description).tag("channel", channel).register(registry);
    }

    /** Stops claiming; a send in progress finishes (bounded by its timeouts) or is sent again after a restart. */
    @Override
    public void close() {
        workers.close();
    }
}
