package dev.sift.core.engine;

import dev.sift.core.alert.Alert;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.TimelineEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch of commands changed, to be written in one transaction. Alerts and incidents are coalesced by id:
 * an alert repeated a hundred times in one batch is written once, in its latest state. Timeline entries are
 * appended in order.
 */
public final class Changes {
    private final Map<Long, Alert> alerts = new LinkedHashMap<>();
    private final Map<Long, Incident> incidents = new LinkedHashMap<>();
    private final List<TimelineEntry> timeline = new ArrayList<>();

    void alert(Alert a) {
        alerts.put(a.id(), a);
    }

    void incident(Incident i) {
        incidents.put(i.id(), i);
    }

    void timeline(TimelineEntry e) {
        timeline.add(e);
    }

    public Collection<Alert> alerts() {
        return alerts.values();
    }

    public Collection<Incident> incidents() {
        return incidents.values();
    }

    public List<TimelineEntry> timeline() {
        return timeline;
    }

    public boolean isEmpty() {
        return alerts.isEmpty() && incidents.isEmpty() && timeline.isEmpty();
    }

    public int size() {
        return alerts.size() + incidents.size() + timeline.size();
    }

    public void clear() {
        alerts.clear();
        incidents.clear();
        timeline.clear();
    }
}
