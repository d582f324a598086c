package dev.sift.app.runtime;

import dev.sift.storage.PostgresSignalLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the raw signal log within its retention and size: every {@code interval} it deletes what is older than the
 * retention, then the oldest rows beyond the size limit, and publishes the log's size as metrics. A failed round
 * (database away) is logged and retried at the next one.
 */
public final class SignalLogHousekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalLogHousekeeping.class);

    private final PostgresSignalLog log;
    private final Clock clock;
    private final Duration retention;
    private final long maxBytes;
    private final ScheduledExecutorService scheduler;
    private final Counter deleted;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public SignalLogHousekeeping(PostgresSignalLog log, Clock clock, Duration retention, long maxBytes,
                                 MeterRegistry registry) {
        this.log = log;
        this.clock = clock;
        this.retention = retention;
        this.maxBytes = maxBytes;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("sift-housekeeping").daemon().factory());
        this.deleted = Counter.builder("sift.signal.log.deleted").description(
                "Raw signal log rows deleted by retention (time or size)").register(registry);
        Gauge.builder("sift.signal.log.rows", rows, AtomicLong::get)
                .description("Rows in the raw signal log, as of the last housekeeping").register(registry);
        Gauge.builder("sift.signal.log.bytes", bytes, AtomicLong::get)
                .description("Payload bytes in the raw signal log, as of the last housekeeping").register(registry);
    }

    public SignalLogHousekeeping start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::runQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round; returns the rows deleted. */
    public long runOnce() {
        long byAge = log.deleteOlderThan(clock.instant().minus(retention));
        long bySize = log.deleteBeyondSize(maxBytes);
        deleted.increment(byAge + bySize);
        PostgresSignalLog.Size size = log.size();
        rows.set(size.rows());
        bytes.set(size.bytes());
        if (byAge + bySize > 0) {
            LOG.info("signal log: deleted {} rows older than {} and {} beyond the size limit of {} bytes;"
                    + " {} rows ({} bytes) kept", byAge, retention, bySize, maxBytes, size.rows(), size.bytes());
        }
        return byAge + bySize;
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("signal log housekeeping failed, will retry: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
