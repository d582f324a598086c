package dev.sift.core.port;

import dev.sift.core.query.IncidentSummary;
import dev.sift.core.query.Page;
import dev.sift.core.query.QueueFilter;

/** The on-call queue: incidents by urgency, then age, as people work through them. Reads committed state only. */
public interface IncidentQueue {
    /** @throws IllegalArgumentException if the cursor is not one this queue handed out */
    Page<IncidentSummary> queue(QueueFilter filter);
}
