package dev.sift.core.signal;

import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Source;
import java.time.Instant;
import java.util.Objects;

/**
 * One message from a source, already mapped from its wire format. The alert it concerns is identified by
 * {@code fingerprint}; see {@link dev.sift.core.alert.Fingerprint}.
 */
public sealed interface Signal {
    Source source();

    long integrationId();

    String fingerprint();

    /**
     * The alert fires (first time, repeat, or again after resolving).
     *
     * @param integrationName the name of the integration that sent it, for routes that match on
     *     {@code @integration}; empty when unknown (replay)
     */
    record Firing(Source source, long integrationId, String integrationName, String fingerprint,
                  AlertDescription description, Instant startsAt) implements Signal {
        public Firing {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(description, "description");
            integrationName = integrationName == null ? "" : integrationName;
        }

        /** A firing signal from an integration whose name does not matter (tests, benchmarks). */
        public Firing(Source source, long integrationId, String fingerprint, AlertDescription description,
                      Instant startsAt) {
            this(source, integrationId, "", fingerprint, description, startsAt);
        }
    }

    /** The condition is gone. {@code endsAt} is when, as the source says; null means now. */
    record Resolved(Source source, long integrationId, String fingerprint, Instant endsAt) implements Signal {
        public Resolved {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(fingerprint, "fingerprint");
        }
    }

    /** The source says someone is on it (PagerDuty-style acknowledge); {@code actor} names the source. */
    record Acknowledged(Source source, long integrationId, String fingerprint, String actor) implements Signal {
        public Acknowledged {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(actor, "actor");
        }
    }
}
