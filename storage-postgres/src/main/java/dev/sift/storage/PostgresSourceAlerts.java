package dev.sift.storage;

import dev.sift.core.port.SourceAlerts;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The committed alerts of one integration, for sources that Sift reconciles with (Icinga2). */
public final class PostgresSourceAlerts implements SourceAlerts {
    private final Jdbi jdbi;

    public PostgresSourceAlerts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The dedup keys (Icinga2 object names) of the alerts firing for one integration, as committed: what Sift
     * believes is a problem there.
     */
    @Override
    public List<String> firingDedupKeys(long integrationId) {
        return jdbi.withHandle(h -> h.createQuery("select dedup_key from alerts where integration_id = :id"
                        + " and status = 'firing' and dedup_key is not null order by id")
                .bind("id", integrationId).mapTo(String.class).list());
    }

    @Override
    public Optional<Long> untakenIncidentOfFiring(long integrationId, String dedupKey) {
        return jdbi.withHandle(h -> h.createQuery("select a.incident_id from alerts a join incidents i"
                        + " on i.id = a.incident_id where a.integration_id = :id and a.dedup_key = :k"
                        + " and a.status = 'firing' and i.status in ('triggered', 'snoozed')"
                        + " order by a.id desc limit 1")
                .bind("id", integrationId).bind("k", dedupKey).mapTo(Long.class).findOne());
    }

    @Override
    public List<String> firingDedupKeysOfIncident(long integrationId, long incidentId) {
        return jdbi.withHandle(h -> h.createQuery("select dedup_key from alerts where integration_id = :id"
                        + " and incident_id = :incident and status = 'firing' and dedup_key is not null order by id")
                .bind("id", integrationId).bind("incident", incidentId).mapTo(String.class).list());
    }
}
