package dev.sift.app.effect;

import dev.sift.core.journal.JournalEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What Sift needs of a ticket system: find its ticket of an incident by the marker in the subject (search before
 * create), create, read, comment, resolve, reopen, and list what changed lately. One implementation per kind.
 */
public interface TicketClient {

    /**
     * A ticket as the system shows it.
     *
     * @param owner null when nobody owns it
     * @param active false when resolved, rejected, closed, deleted …
     * @param deleted deleted (RT status {@code deleted}): the mapping follows it
     * @param incidentId the incident its marker names, or 0
     * @param updatedBy who changed it last, when the system says
     */
    record Ticket(String id, String url, String status, String owner, boolean active, boolean deleted,
                  long incidentId, Instant updatedAt, String updatedBy) {}

    /** The marker that names the incident in the ticket's subject: {@code [sift #12]}. */
    static String marker(long incidentId) {
        return "[sift #" + incidentId + "]";
    }

    /** Sift's ticket of this incident, found by its marker, if there is one. */
    Optional<Ticket> findMarked(long incidentId) throws EffectFailed;

    Ticket create(JournalEntry e) throws EffectFailed;

    /**
     * The ticket now; when it was merged into another, that one (a different id); empty when it is no more (404).
     */
    Optional<Ticket> get(String id) throws EffectFailed;

    void comment(String id, String text) throws EffectFailed;

    /** Comments and resolves, in one call where the system allows. */
    void resolve(String id, String text) throws EffectFailed;

    void reopen(String id, String text) throws EffectFailed;

    /** Sift's tickets (those with a marker) changed after {@code since}. */
    List<Ticket> changedSince(Instant since) throws EffectFailed;

    /** The system's name for itself in messages: "RT". */
    String label();
}
