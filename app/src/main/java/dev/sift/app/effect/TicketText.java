package dev.sift.app.effect;

import dev.sift.core.incident.Priority;
import dev.sift.core.journal.JournalEntry;
import java.util.Map;

/** What Sift writes into tickets: plain text a person reads in the ticket's history. */
final class TicketText {
    private TicketText() {}

    /** The first message of a new ticket. */
    static String opening(JournalEntry e) {
        StringBuilder b = new StringBuilder();
        b.append("Sift incident #").append(e.incidentId()).append(": ").append(e.title()).append('\n');
        b.append("Priority: ").append(e.priority()).append("   Status: ").append(e.status());
        if (e.queue() != null) {
            b.append("   Queue: ").append(e.queue());
        }
        b.append('\n').append(e.message()).append("\n\nLabels:\n");
        for (Map.Entry<String, String> l : new java.util.TreeMap<>(e.labels()).entrySet()) {
            b.append("  ").append(l.getKey()).append('=').append(l.getValue()).append('\n');
        }
        b.append("\nSift resolves this ticket when the incident is resolved, unless a person owns it; taking it"
                + " acknowledges the incident in Sift.");
        return b.toString();
    }

    /** A later event, as a comment. */
    static String comment(JournalEntry e) {
        String what = switch (e.event()) {
            case ALERTS_JOINED -> "Alert joined";
            case PRIORITY_CHANGED -> "Priority now " + e.priority();
            case ALL_ALERTS_RECOVERED -> "All alerts recovered";
            case RESOLVED -> "Incident resolved";
            case REOPENED -> "Incident reopened";
            case ACKNOWLEDGED -> "Acknowledged in Sift by " + e.actor();
            case ASSIGNED -> "Assigned in Sift";
            case SNOOZED -> "Snoozed in Sift until " + e.snoozedUntil();
            case SNOOZE_ENDED -> "Snooze ended";
            case COMMENTED -> "Comment in Sift by " + e.actor();
            case CLOSED -> "Incident closed";
            case MERGED -> "Incident merged";
            case OPENED -> "Incident opened";
        };
        return "[Sift #" + e.incidentId() + "] " + what + ": " + e.message() + "\n(status " + e.status()
                + ", priority " + e.priority() + ", at " + e.at() + ")";
    }

    /** RT priorities are 0-99, higher is more urgent: P1 → 90 … P5 → 10. */
    static int rtPriority(Priority p) {
        return 90 - 20 * p.ordinal();
    }
}
