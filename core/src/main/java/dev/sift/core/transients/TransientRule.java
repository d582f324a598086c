package dev.sift.core.transients;

import dev.sift.core.matching.AlertFields;
import dev.sift.core.matching.Matcher;
import dev.sift.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One {@code transients:} rule of the rules file: a new firing alert that matches is held back as <em>pending</em>
 * (stored, visible, in no incident) until it has fired for {@code holdFor}, or has been seen
 * {@code minOccurrences} times within {@code window}: whichever comes first when both are set. An alert that
 * recovers while pending never opens an incident; it is auto-cleared.
 *
 * <p>Occurrences are firing signals of the alert's fingerprint, re-sends included, across episodes: a blip that
 * fires and recovers three times counts three, and so does an Alertmanager alert sent three times while it fires
 * (it is still there each time).
 *
 * @param name unique in the file; the alert's hold reason and the auto-cleared metric name the rule by it
 * @param matchers which alerts the rule holds (at least one)
 * @param holdFor how long an alert must keep firing before it opens an incident; null: no hold
 * @param minOccurrences how many firing signals within {@code window} open an incident; 0: not used
 * @param window the sliding window for {@code minOccurrences}; null when not used
 */
public record TransientRule(String name, List<Matcher> matchers, Duration holdFor, int minOccurrences,
                            Duration window) {
    public TransientRule {
        Objects.requireNonNull(name, "name");
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("transient rule '" + name + "' needs matchers");
        }
        if (holdFor == null && minOccurrences == 0) {
            throw new IllegalArgumentException("transient rule '" + name + "' needs holdFor or minOccurrences");
        }
        if ((minOccurrences == 0) != (window == null) || minOccurrences == 1 || minOccurrences < 0) {
            throw new IllegalArgumentException("transient rule '" + name + "': minOccurrences (2 or more) and"
                    + " window go together");
        }
    }

    public static TransientRule hold(String name, List<Matcher> matchers, Duration holdFor) {
        return new TransientRule(name, matchers, holdFor, 0, null);
    }

    public static TransientRule occurrences(String name, List<Matcher> matchers, int min, Duration window) {
        return new TransientRule(name, matchers, null, min, window);
    }

    public boolean matches(AlertFields alert) {
        return Matcher.all(matchers, alert);
    }

    /** When a hold that began at {@code since} ends; null when the rule only counts occurrences. */
    public Instant holdEnds(Instant since) {
        return holdFor == null ? null : since.plus(holdFor);
    }

    /** Whether an alert pending since {@code since}, seen {@code occurrences} times within the window, opens now. */
    public boolean releases(Instant since, int occurrences, Instant now) {
        return holdFor != null && !now.isBefore(since.plus(holdFor))
                || minOccurrences > 0 && occurrences >= minOccurrences;
    }

    /** Why an alert is pending, for people: {@code held by rule 'blips': holdFor 5m; seen 1 of 3 times in 10m}. */
    public String pendingReason(int occurrences) {
        StringBuilder s = new StringBuilder("held by rule '").append(name).append("': ");
        if (holdFor != null) {
            s.append("holdFor ").append(Durations.format(holdFor));
        }
        if (minOccurrences > 0) {
            s.append(holdFor != null ? ", or " : "").append("seen ").append(occurrences).append(" of ")
                    .append(minOccurrences).append(" times within ").append(Durations.format(window));
        }
        return s.toString();
    }
}
