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

    /** The incident of the firing alert with this dedup key from this integration; empty when none is firing. */
    Optional<Long> incidentOfFiring(long integrationId, String dedupKey);
}
