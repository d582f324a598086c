package dev.sift.core.query;

import dev.sift.core.alert.AlertStatus;
import java.time.Instant;
import java.util.Map;

/** An alert as the API shows it. */
public record AlertView(
        long id,
        long incidentId,
        String source,
        String fingerprint,
        String upstreamFingerprint,
        String dedupKey,
        Map<String, String> labels,
        Map<String, String> annotations,
        String title,
        String severity,
        AlertStatus status,
        Instant startsAt,
        Instant firstSeen,
        Instant lastSeen,
        Instant resolvedAt,
        String resolution,
        long count,
        int episode) {}
