package dev.sift.core.grouping;

import java.time.Instant;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The working state of one grouping policy: which open incidents are candidates for a new alert episode, and
 * whatever the policy learns from the stream. The engine tells it what became of each decision, so that the state
 * follows the incidents. Pure and deterministic like the engine: time comes in as a parameter. Not thread-safe:
 * the engine's writer thread owns it.
 */
public interface Grouper {
    /**
     * Decides for a new alert episode. {@code acceptsAlerts} says whether an incident is still open for alerts
     * (not resolved, closed or merged); a policy never names one that is not.
     */
    GroupingDecision place(Newcomer newcomer, Instant now, LongPredicate acceptsAlerts);

    /** The episode opened incident {@code incidentId}, as {@link #place} decided. */
    void opened(long incidentId, Newcomer newcomer, GroupingDecision.Open decision);

    /** The episode joined incident {@code incidentId}. */
    void joined(long incidentId, Newcomer newcomer);

    /**
     * A firing alert was sent again. If it was still pending in an incident of its own, the policy may now move it
     * (and that incident) into another one; otherwise empty.
     */
    default Optional<GroupingDecision.Join> sentAgain(long alertId, Instant now, LongPredicate acceptsAlerts) {
        return Optional.empty();
    }

    /**
     * Alerts still waiting alone ({@link GroupingDecision.Open#pending}) that have fired long enough without being
     * sent again to count as persistent: the engine places each with {@link #persists}, oldest first.
     */
    default java.util.List<Long> lasting(Instant now) {
        return java.util.List.of();
    }

    /**
     * A pending alert proved it persists without being sent again ({@link #lasting}): like {@link #sentAgain}, the
     * policy may now move it (and its incident) into another one.
     */
    default Optional<GroupingDecision.Join> persists(long alertId, Instant now, LongPredicate acceptsAlerts) {
        return Optional.empty();
    }

    /** The alert's episode ended (resolved or expired). */
    default void episodeEnded(long alertId, Instant now) {}

    /** The incident took in every alert of {@code mergedId}, which is gone. */
    default void merged(long mergedId, long intoId) {}

    /**
     * A person moved the alert out of incident {@code incidentId} (into another one, which the engine tells with
     * {@link #joined}): it is no member or waiting alert of that incident any more.
     */
    default void left(long alertId, long incidentId) {}

    /**
     * People placed this incident's alerts (merged into it, moved alerts in or out): alerts still waiting in it to
     * prove they persist ({@link GroupingDecision.Open#pending}) stop waiting and are members of it, so that grouping
     * does not move them, and the incident with them, somewhere else later.
     */
    default void settled(long incidentId) {}

    /**
     * What people taught by their corrections, owned by the engine (it outlives a grouper when the policy changes):
     * a policy that learns reads it when it decides; others ignore it.
     */
    default void learnFrom(Lessons lessons) {}

    /** The incident closed: it is no candidate any more, and its state can go. */
    void closed(long incidentId);

    /**
     * Whether an alert that fires again after it resolved is a new episode to place (true), or returns to its own
     * incident as before (false: then the incident reopens if it resolved within the reopen window).
     */
    default boolean placesEveryEpisode() {
        return false;
    }

    /**
     * For one alert that fires again after it resolved: whether the new episode is placed anew (true) or returns to
     * the alert's incident (false; that incident reopens if it resolved within the reopen window). By default
     * {@link #placesEveryEpisode()}.
     */
    default boolean placesAnew(long alertId, Instant now) {
        return placesEveryEpisode();
    }
}
