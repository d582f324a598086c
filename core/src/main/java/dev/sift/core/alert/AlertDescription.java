package dev.sift.core.alert;

import java.util.Map;
import java.util.Objects;

/**
 * What a firing signal says about its alert, already mapped from the wire format.
 *
 * @param labels identifying labels (for events: derived from the payload)
 * @param annotations free text that may change between sends
 * @param title one line for people: an event's summary, else the summary annotation, else the alert name
 * @param severity as the source said it (mapped to a priority by the engine's policy); may be null
 * @param upstreamFingerprint the source's own identity for reference (Alertmanager's FNV), or null
 * @param dedupKey the event dedup key, or null for label-identified alerts
 */
public record AlertDescription(
        Map<String, String> labels,
        Map<String, String> annotations,
        String title,
        String severity,
        String upstreamFingerprint,
        String dedupKey,
        long annotationsDigest) {
    public AlertDescription {
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
        annotations = Map.copyOf(Objects.requireNonNull(annotations, "annotations"));
        Objects.requireNonNull(title, "title");
    }

    /**
     * The digest of the annotations is computed here, where a signal is parsed (on the request's own thread),
     * so that the engine's single writer only compares two numbers for every repeat.
     */
    public AlertDescription(Map<String, String> labels, Map<String, String> annotations, String title,
                            String severity, String upstreamFingerprint, String dedupKey) {
        this(labels, annotations, title, severity, upstreamFingerprint, dedupKey, Digest.of(annotations));
    }

    /** The same description with equal labels (such as the engine's pooled ones); the digest is kept. */
    public AlertDescription withLabels(Map<String, String> equalLabels) {
        return new AlertDescription(equalLabels, annotations, title, severity, upstreamFingerprint, dedupKey,
                annotationsDigest);
    }
}
