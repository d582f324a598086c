package dev.sift.http.ingest;

import dev.sift.core.engine.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Signals by source and outcome, refusals, and ingest latency (request received → committed answer). */
public final class IngestMetrics {
    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one request's outcomes: one counter update per distinct outcome, not per alert. */
    public void outcomes(String source, List<Outcome> outcomes) {
        Map<String, Integer> counts = new HashMap<>();
        for (Outcome o : outcomes) {
            String outcome = switch (o) {
                case Outcome.Ingested in -> in.effect().wireName();
                case Outcome.Rejected r -> "rejected";
                default -> "other";
            };
            counts.merge(outcome, 1, Integer::sum);
        }
        counts.forEach((outcome, n) -> Counter.builder("sift.signals")
                .description("Signals accepted, by source and what they did")
                .tags("source", source, "outcome", outcome).register(registry).increment(n));
    }

    /** A request refused as a whole: bad input, bad credentials, or a full queue. */
    public void refused(String source, String reason) {
        Counter.builder("sift.signals.refused").description("Ingest requests refused, by source and reason")
                .tags("source", source, "reason", reason).register(registry).increment();
    }

    public void latency(String source, Duration d) {
        Timer.builder("sift.ingest.latency").description("From request received to committed answer")
                .publishPercentiles(0.5, 0.99).tags("source", source).register(registry).record(d);
    }
}
