package dev.sift.core.notification;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The notification part of the rules: the channels by name, the channels of incidents whose route names none, and
 * how often and how patiently a failed delivery is retried (the first retry after {@code backoff}, each next one
 * after twice as long, at most {@code maxBackoff}; after {@code attempts} failed attempts it is dead).
 */
public record Notifying(Map<String, Channel> channels, List<String> defaultChannels, int attempts, Duration backoff,
                        Duration maxBackoff) {
    public static final int DEFAULT_ATTEMPTS = 10;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofHours(1);
    public static final Notifying NONE = new Notifying(Map.of(), List.of(), DEFAULT_ATTEMPTS, DEFAULT_BACKOFF,
            DEFAULT_MAX_BACKOFF);
    /** What a channel takes when the rules file does not say. */
    public static final Set<NotificationEvent> ALL_EVENTS = EnumSet.allOf(NotificationEvent.class);

    public Notifying {
        channels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        defaultChannels = List.copyOf(defaultChannels);
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** Whether anything can be notified at all (the common case without channels costs nothing). */
    public boolean isEmpty() {
        return channels.isEmpty();
    }

    /** The wait before the next attempt, after {@code failed} failed attempts (1 → backoff). */
    public Duration retryAfter(int failed) {
        Duration d = backoff;
        for (int i = 1; i < failed && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
