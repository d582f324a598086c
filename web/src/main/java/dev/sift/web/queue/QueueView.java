package dev.sift.web.queue;

import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.query.IncidentSummary;
import dev.sift.web.Chrome;
import dev.sift.web.Format;
import java.time.Instant;
import java.util.List;

/** What the queue page shows. */
public record QueueView(Chrome chrome, QueueFilters filters, List<Row> rows, String selfUrl, String nextUrl) {
    public static final List<String> STATUSES = List.of("triggered", "acknowledged", "snoozed", "resolved", "closed");
    public static final List<String> PRIORITIES = List.of("P1", "P2", "P3", "P4", "P5");

    /** One incident as a line of the queue. */
    public record Row(long number, String href, String priority, String status, String title, int alerts,
                      long signals, String firstSeen, String firstSeenAt, String lastSeen, String lastSeenAt,
                      String owner, String queue, Format.SlaCell sla, boolean flapping, boolean canAcknowledge) {
        static Row of(IncidentSummary i, Instant now, boolean canAct) {
            return new Row(i.id(), "/incidents/" + i.id(), i.priority().name(), i.status().wireName(), i.title(),
                    i.alertCount(), i.eventCount(), Format.ago(i.firstSeen(), now), Format.iso(i.firstSeen()),
                    Format.ago(i.lastSeen(), now), Format.iso(i.lastSeen()), i.assignee(), i.queue(),
                    Format.sla(i, now), i.flapping(), canAct && i.status() == IncidentStatus.TRIGGERED);
        }
    }
}
