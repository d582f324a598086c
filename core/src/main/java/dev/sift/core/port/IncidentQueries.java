package dev.sift.core.port;

import dev.sift.core.query.AlertFilter;
import dev.sift.core.query.AlertView;
import dev.sift.core.query.IncidentDetail;
import dev.sift.core.query.IncidentFilter;
import dev.sift.core.query.IncidentSummary;
import dev.sift.core.query.Page;
import java.util.Optional;

/** Reads of committed state. They never touch the engine's memory, so any number of readers can run. */
public interface IncidentQueries {
    Page<IncidentSummary> incidents(IncidentFilter filter);

    Optional<IncidentDetail> incident(long id);

    Page<AlertView> alerts(AlertFilter filter);
}
