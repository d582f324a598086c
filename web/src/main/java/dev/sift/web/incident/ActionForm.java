package dev.sift.web.incident;

import dev.sift.core.incident.Priority;
import dev.sift.core.port.People;
import dev.sift.core.time.Durations;
import dev.sift.core.workflow.Action;
import dev.sift.http.Fields;
import dev.sift.http.problem.ApiException;
import dev.sift.web.Form;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/** An action form of the incident page, read into the same {@link Action} the API submits. */
final class ActionForm {
    private static final Duration MAX_SNOOZE = Duration.ofDays(365);
    private static final int MAX_COMMENT = 65_536;
    /** The "tomorrow morning" preset, in the clock's zone (UTC unless Sift runs with another). */
    static final LocalTime MORNING = LocalTime.of(9, 0);

    private ActionForm() {}

    static Action parse(String name, Form form, People people, Clock clock) {
        return switch (name) {
            case "acknowledge" -> new Action.Acknowledge();
            case "assign" -> {
                String assignee = form.get("assignee");
                if (assignee == null) {
                    throw ApiException.invalidField("assignee", "choose a person");
                }
                if (people.findUser(assignee).isEmpty()) {
                    throw ApiException.invalidField("assignee", "no user named '" + Fields.abbreviate(assignee) + "'");
                }
                yield new Action.Assign(assignee);
            }
            case "snooze" -> new Action.Snooze(snoozeUntil(form, clock));
            case "resolve" -> new Action.Resolve(form.get("reason"));
            case "close" -> new Action.Close(form.get("reason"));
            case "reopen" -> new Action.Reopen(form.get("reason"));
            case "comment" -> {
                String text = form.get("text");
                if (text == null) {
                    throw ApiException.invalidField("text", "must not be empty");
                }
                if (text.length() > MAX_COMMENT) {
                    throw ApiException.invalidField("text", "is longer than " + MAX_COMMENT + " characters");
                }
                yield new Action.Comment(text);
            }
            case "priority" -> {
                String p = form.get("priority");
                try {
                    // "auto" gives the priority back to the rules
                    yield new Action.SetPriority(p == null || p.equals("auto") ? null : Priority.fromWireName(p));
                } catch (IllegalArgumentException e) {
                    throw ApiException.invalidField("priority", e.getMessage());
                }
            }
            default -> throw ApiException.notFound("no action '" + Fields.abbreviate(name) + "'");
        };
    }

    /** A preset ({@code 1h}, {@code 4h}, {@code tomorrow}) or a custom {@code duration} such as 90m or 2d. */
    static Instant snoozeUntil(Form form, Clock clock) {
        String preset = form.get("preset");
        if ("tomorrow".equals(preset)) {
            ZonedDateTime now = ZonedDateTime.now(clock);
            return now.toLocalDate().plusDays(1).atTime(MORNING).atZone(clock.getZone()).toInstant();
        }
        String text = preset != null ? preset : form.get("duration");
        String field = preset != null ? "preset" : "duration";
        if (text == null) {
            throw ApiException.invalidField("duration", "choose a preset or give a duration such as 90m, 2h or 1d");
        }
        try {
            Duration d = Durations.parse(text);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("must be longer than 0s");
            }
            if (d.compareTo(MAX_SNOOZE) > 0) {
                throw new IllegalArgumentException("snooze for at most 365d; close the incident instead");
            }
            return clock.instant().plus(d);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(field, e.getMessage());
        }
    }
}
