package dev.sift.core.signal;

import dev.sift.core.alert.Source;
import java.time.Instant;
import java.util.Objects;

/**
 * A request body as a source sent it, for the signal log: the evidence behind the alerts, kept for a retention
 * period. {@code signals} is how many alerts or events it carried.
 */
public record RawSignal(Source source, long integrationId, Instant receivedAt, String payload, int signals) {
    public RawSignal {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(payload, "payload");
    }
}
