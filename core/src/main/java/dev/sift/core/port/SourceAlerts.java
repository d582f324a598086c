package dev.sift.core.port;

import java.util.List;
import java.util.Optional;

/**
 * Reads of committed alerts by the integration that sent them and its own key for them (the dedup key): what a
 * source connector needs to reconcile Sift with the source's current problems.
 */
public interface SourceAlerts {
    /** Dedup keys of the alerts firing for this integration, oldest first. */
    List<String> firingDedupKeys(long integrationId);

    /**
     * The incident of the firing alert with this dedup key from this integration, if nobody has taken it yet
     * (triggered or snoozed): the one an acknowledgement at the source takes. Empty when no alert fires or its
     * incident is acknowledged already, so that a source acknowledgement never takes an incident over from a person.
     */
    Optional<Long> untakenIncidentOfFiring(long integrationId, String dedupKey);

    /**
     * Dedup keys (the source's object names) of this incident's alerts from this integration that still fire: the
     * objects an acknowledgement in Sift is written back to.
     */
    List<String> firingDedupKeysOfIncident(long integrationId, long incidentId);
}
