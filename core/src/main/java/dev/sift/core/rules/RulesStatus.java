package dev.sift.core.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The rules in force and how the last attempt to load the file went. An invalid file never replaces rules that
 * work: {@code rules} stay the last good ones while {@code errors} say what is wrong with the file on disk.
 *
 * @param file the rules file, or null when Sift runs on the built-in defaults
 * @param loadedAt when the rules in force were loaded
 * @param checkedAt when the file was last read (a reload attempt, valid or not)
 * @param errors the problems of the file on disk, one line each (file:line: field: message); empty when valid
 */
public record RulesStatus(Rules rules, String file, Instant loadedAt, Instant checkedAt, List<String> errors) {
    public RulesStatus {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(loadedAt, "loadedAt");
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** {@code ok} or {@code invalid}, as /readyz and the metrics say it. */
    public String state() {
        return valid() ? "ok" : "invalid";
    }
}
