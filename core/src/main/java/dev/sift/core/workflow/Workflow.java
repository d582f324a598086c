package dev.sift.core.workflow;

import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Which actions a person may take on an incident in its current state, and why not. The answer is the message
 * shown to the user, so it names the status and what would be allowed instead.
 */
public final class Workflow {
    private Workflow() {}

    public static Optional<String> refusal(Incident incident, Action action, Instant now) {
        IncidentStatus s = incident.status();
        String number = "incident #" + incident.id();
        return switch (action) {
            case Action.Acknowledge a -> s.isOpen()
                    ? Optional.empty()
                    : Optional.of(number + " is " + s.wireName() + "; reopen it before acknowledging");
            case Action.Assign a -> s == IncidentStatus.CLOSED
                    ? Optional.of(number + " is closed; reopen it before assigning")
                    : Optional.empty();
            case Action.Snooze z -> {
                if (!s.isOpen()) {
                    yield Optional.of(number + " is " + s.wireName() + "; only open incidents can be snoozed");
                }
                yield z.until().isAfter(now)
                        ? Optional.empty()
                        : Optional.of("snooze end " + z.until() + " is not in the future");
            }
            case Action.Resolve r -> s.isOpen()
                    ? Optional.empty()
                    : Optional.of(number + " is already " + s.wireName());
            case Action.Close c -> s == IncidentStatus.CLOSED
                    ? Optional.of(number + " is already closed")
                    : Optional.empty();
            case Action.Reopen r -> s.isOpen()
                    ? Optional.of(number + " is " + s.wireName() + ", not resolved or closed; nothing to reopen")
                    : Optional.empty();
            case Action.Comment c -> c.text().isBlank()
                    ? Optional.of("comment text is empty")
                    : Optional.empty();
            case Action.SetPriority p -> Optional.empty();
            case Action.Merge m -> s == IncidentStatus.CLOSED
                    ? Optional.of(number + " is closed; nothing to merge (reopen it first)")
                    : m.into() == incident.id() ? Optional.of("cannot merge " + number + " into itself")
                    : Optional.empty();
            case Action.Move m -> s == IncidentStatus.CLOSED
                    ? Optional.of(number + " is closed; reopen it before moving its alerts")
                    : m.into() != null && m.into() == incident.id()
                    ? Optional.of("alert " + m.alertId() + " is in " + number + " already")
                    : Optional.empty();
        };
    }
}
