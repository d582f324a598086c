package dev.sift.core.matching;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a matcher looks at: an alert's labels, plus two pseudo-fields about where the alert came from. Their names
 * start with {@code @}, which no Prometheus label name can, so they never shadow a label: PagerDuty-style events
 * carry their {@code payload.source} (a host) as the label {@code source}, while {@code @source} is the kind of
 * source.
 *
 * @param source the kind of source: {@code alertmanager}, {@code events} or {@code replay}
 * @param integration the name of the integration whose key sent the alert; empty when unknown (replay)
 */
public record AlertFields(Map<String, String> labels, String source, String integration) {
    /** The kind of source ({@code alertmanager}, {@code events}, {@code replay}). */
    public static final String SOURCE = "@source";
    /** The integration's name. */
    public static final String INTEGRATION = "@integration";
    public static final Set<String> PSEUDO_FIELDS = Set.of(SOURCE, INTEGRATION);

    public AlertFields {
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
        source = source == null ? "" : source;
        integration = integration == null ? "" : integration;
    }

    /** The value of a label or pseudo-field; a missing label is the empty string, as in Alertmanager. */
    public String value(String name) {
        return switch (name) {
            case SOURCE -> source;
            case INTEGRATION -> integration;
            default -> labels.getOrDefault(name, "");
        };
    }
}
