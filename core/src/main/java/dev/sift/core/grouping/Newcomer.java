package dev.sift.core.grouping;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What grouping sees of an alert episode that needs an incident: a new alert, or one that fires again after it
 * resolved.
 *
 * @param alertId the engine's alert that carries the episode
 * @param name the alert's name for explanations (its alertname, else its title)
 * @param labels its identifying labels (empty for events without labels)
 * @param title one line for people; its words are evidence where labels say little
 * @param since when the episode began as Sift saw it (the engine's "now" at the first signal)
 * @param resends whether the source sends a firing alert again while it lasts (Alertmanager does, event senders
 *     do not): only then can an alert prove it persists by being sent again
 */
public record Newcomer(long alertId, String name, Map<String, String> labels, String title, Instant since,
                       boolean resends) {
    public Newcomer {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(since, "since");
    }
}
