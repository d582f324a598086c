package dev.sift.core.port;

import dev.sift.core.query.NotificationView;
import dev.sift.core.query.Page;

/** Reads of the notification outbox, as committed. */
public interface NotificationQueries {
    /**
     * Newest first; of one incident when {@code incidentId} is not null, in one state when {@code state} is not
     * null. {@code cursor} is the {@code next} of the previous page.
     *
     * @throws IllegalArgumentException for a cursor that no page gave
     */
    Page<NotificationView> notifications(Long incidentId, String state, int limit, String cursor);
}
