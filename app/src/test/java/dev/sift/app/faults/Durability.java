package dev.sift.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.app.faults.SiftApi.StoredAlert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What must hold of the stored alerts after any fault: every acknowledged signal is there (each alert with at
 * least as many signals counted as were acknowledged), no alert is stored twice and none has a second incident,
 * and no count is lower than it was seen before. Grouping may hold several alerts in one incident; an incident
 * without alerts is only one that grouping merged into another.
 */
public final class Durability {
    private Durability() {}

    /** Checks, and returns the counts now stored, to compare the next check with. */
    public static Map<String, Long> assertKept(SiftApi api, String names, Acknowledged acknowledged,
                                              Map<String, Long> countsSeenBefore) {
        Map<String, Long> acked = acknowledged.snapshot();
        List<StoredAlert> stored = api.alerts(names);

        Map<String, List<StoredAlert>> byKey = stored.stream().collect(Collectors.groupingBy(StoredAlert::key));
        Map<String, Integer> storedTwice = new TreeMap<>();
        byKey.forEach((key, rows) -> {
            if (rows.size() > 1) {
                storedTwice.put(key, rows.size());
            }
        });
        assertThat(storedTwice).as("alerts stored more than once (a second incident for the same alert)").isEmpty();
        Set<String> fingerprints = new HashSet<>();
        stored.forEach(a -> assertThat(fingerprints.add(a.fingerprint())).as("fingerprint of %s", a.key()).isTrue());

        Map<String, Long> counts = new HashMap<>();
        stored.forEach(a -> counts.put(a.key(), a.count()));
        List<String> missing = new ArrayList<>();
        List<String> countedShort = new ArrayList<>();
        acked.forEach((key, n) -> {
            Long count = counts.get(key);
            if (count == null) {
                missing.add(key);
            } else if (count < n) {
                countedShort.add(key + " stored " + count + " < acknowledged " + n);
            }
        });
        assertThat(missing).as("alerts answered 2xx but not stored (%d acknowledged, %d stored)", acked.size(),
                stored.size()).isEmpty();
        assertThat(countedShort).as("alerts with fewer signals stored than acknowledged").isEmpty();

        List<String> wentBack = new ArrayList<>();
        countsSeenBefore.forEach((key, before) -> {
            long now = counts.getOrDefault(key, 0L);
            if (now < before) {
                wentBack.add(key + ": " + before + " → " + now);
            }
        });
        assertThat(wentBack).as("counts that went backwards").isEmpty();

        // Grouping may put several alerts into one incident, and closes an incident it merges into another (its
        // alerts move along). So: every alert is in one incident that is not closed, and every other incident of
        // these names was merged away; one left open without alerts would be a duplicate.
        Map<Long, String> incidents = api.incidents(names);
        Set<Long> incidentsOfAlerts = stored.stream().map(StoredAlert::incidentId).collect(Collectors.toSet());
        assertThat(incidents.keySet()).as("incidents of these alerts").containsAll(incidentsOfAlerts);
        Map<Long, String> statusOfAlertsIncidents = new TreeMap<>(incidents);
        statusOfAlertsIncidents.keySet().retainAll(incidentsOfAlerts);
        assertThat(statusOfAlertsIncidents).as("statuses of the incidents that hold these alerts")
                .doesNotContainValue("closed");
        List<String> notMerged = new ArrayList<>();
        incidents.forEach((id, status) -> {
            if (incidentsOfAlerts.contains(id)) {
                return;
            }
            // Follow the merges to the incident that holds the alerts now.
            long at = id;
            String path = "#" + id + " " + incidents.get(id);
            for (int hops = 0; hops < 10 && !incidentsOfAlerts.contains(at); hops++) {
                Long into = "closed".equals(incidents.get(at)) ? mergedInto(api, at) : null;
                if (into == null) {
                    break;
                }
                at = into;
                path += " → merged into #" + at;
            }
            if (!incidentsOfAlerts.contains(at)) {
                notMerged.add(path);
            }
        });
        System.out.printf("durability: %d alerts in %d incidents; %d incidents merged away%n", stored.size(),
                incidentsOfAlerts.size(), incidents.size() - incidentsOfAlerts.size());
        assertThat(notMerged).as("incidents of these names that hold none of their alerts and were not merged into"
                + " one that does (a duplicate)").isEmpty();
        return counts;
    }

    /** The incident this one was merged into, from its timeline; null if it was not merged. */
    private static Long mergedInto(SiftApi api, long id) {
        Long into = null;
        for (var e : api.getJson("/api/v1/incidents/" + id).get("timeline")) {
            String message = e.get("message").asText();
            if (e.get("kind").asText().equals("merged") && message.startsWith("merged into #")) {
                into = Long.parseLong(message.substring("merged into #".length()).split("\\D", 2)[0]);
            }
        }
        return into;
    }
}
