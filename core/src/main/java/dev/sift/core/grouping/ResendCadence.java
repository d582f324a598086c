package dev.sift.core.grouping;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How often the sources of a stream send a firing alert again, learned from the stream: the median gap between two
 * sends of one alert episode. Alertmanager sends every {@code group_interval} (5 minutes unless configured), other
 * senders at other paces, and everything grouping does with time is relative to that pace: alerts of one cause
 * reach Sift up to a send apart, and an alert that fired for a whole gap without resolving has proven it persists as
 * surely as one that was sent again.
 * <p>
 * Bounded: the gaps are counted in {@value #BUCKETS} buckets on a log scale (10% wide, from 5 s to days), and the
 * last send is kept only for alerts that fire (at most {@value #MAX_ALERTS}).
 */
final class ResendCadence {
    /** Sends closer than this are one send delivered twice (high-availability senders), not a re-send. */
    static final Duration DUPLICATE = Duration.ofSeconds(5);
    /** Gaps seen before the median is trusted. */
    static final int MIN_GAPS = 5;
    private static final int BUCKETS = 128;
    /** Alerts whose last send is followed; beyond this many firing at once, newer ones teach nothing. */
    static final int MAX_ALERTS = 1 << 20;
    private static final double BASE_SECONDS = 5;
    private static final double GROWTH = 1.1;

    private final long[] gaps = new long[BUCKETS];
    /** Milliseconds of the gaps in each bucket: the median is the mean of its bucket, exact when sends are regular. */
    private final long[] millis = new long[BUCKETS];
    private final Map<Long, Instant> lastSent = new HashMap<>();
    private long count;
    private Duration median;

    /** A firing alert was sent again: learns the gap since its last send. */
    void sent(long alertId, Instant now) {
        Instant last = lastSent.get(alertId);
        if (last == null) {
            began(alertId, now);
            return;
        }
        Duration gap = Duration.between(last, now);
        if (gap.compareTo(DUPLICATE) < 0) {
            return; // the gap runs from the first delivery
        }
        lastSent.put(alertId, now);
        int b = bucket(gap);
        gaps[b]++;
        millis[b] += gap.toMillis();
        count++;
        median = null;
    }

    /** The alert's episode began (a new alert, or one firing again after it ended): gaps run from now. */
    void began(long alertId, Instant now) {
        if (lastSent.size() < MAX_ALERTS || lastSent.containsKey(alertId)) {
            lastSent.put(alertId, now);
        }
    }

    void ended(long alertId) {
        lastSent.remove(alertId);
    }

    /** The median gap between sends of one alert, or null while fewer than {@value #MIN_GAPS} were seen. */
    Duration typical() {
        if (count < MIN_GAPS) {
            return null;
        }
        if (median == null) {
            long seen = 0;
            int b = 0;
            for (; b < BUCKETS - 1; b++) { // the last bucket holds the rest when the loop runs off the end
                seen += gaps[b];
                if (2 * seen >= count) {
                    break;
                }
            }
            median = Duration.ofMillis(millis[b] / gaps[b]); // within 10% of the true median
        }
        return median;
    }

    private static int bucket(Duration gap) {
        double seconds = gap.toMillis() / 1000.0;
        int b = (int) Math.floor(Math.log(seconds / BASE_SECONDS) / Math.log(GROWTH));
        return Math.max(0, Math.min(BUCKETS - 1, b));
    }
}
