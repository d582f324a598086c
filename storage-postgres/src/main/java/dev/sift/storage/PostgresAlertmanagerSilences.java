package dev.sift.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The Alertmanager silences Sift made for snoozed incidents (V17), and the label sets of an incident's firing
 * Alertmanager alerts that such silences match. Kept so that a snooze that ends early expires exactly the
 * silences Sift made.
 */
public final class PostgresAlertmanagerSilences {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};

    public record Made(String silenceId, Map<String, String> labels, Instant endsAt) {}

    private final Jdbi jdbi;

    public PostgresAlertmanagerSilences(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The id of the Alertmanager integration of this name, if there is one. */
    public Optional<Long> alertmanagerIntegration(String name) {
        return jdbi.withHandle(h -> h.createQuery("select id from integrations where name = :n"
                        + " and kind = 'alertmanager'")
                .bind("n", name).mapTo(Long.class).findOne());
    }

    /**
     * The distinct label sets of the incident's firing alerts that came from an Alertmanager: from the
     * integration given, or from any when it is null.
     */
    public List<Map<String, String>> firingLabelSets(long incidentId, Long integrationId) {
        return jdbi.withHandle(h -> h.createQuery("select distinct labels::text as labels from alerts"
                        + " where incident_id = :i and source = 'alertmanager' and status = 'firing'"
                        + " and (cast(:integration as bigint) is null or integration_id = :integration)")
                .bind("i", incidentId).bind("integration", integrationId)
                .map((rs, ctx) -> labels(rs.getString("labels"))).list());
    }

    public void made(long incidentId, long targetId, String silenceId, Map<String, String> labels, Instant endsAt,
                     Instant at) {
        jdbi.useHandle(h -> h.createUpdate("insert into alertmanager_silences (incident_id, target_id, silence_id,"
                        + " labels, ends_at, created_at) values (:i, :t, :s, :labels::jsonb, :ends, :at)"
                        + " on conflict do nothing")
                .bind("i", incidentId).bind("t", targetId).bind("s", silenceId).bind("labels", json(labels))
                .bind("ends", Rows.ts(endsAt)).bind("at", Rows.ts(at)).execute());
    }

    public List<Made> of(long incidentId, long targetId) {
        return jdbi.withHandle(h -> h.createQuery("select silence_id, labels::text as labels, ends_at"
                        + " from alertmanager_silences where incident_id = :i and target_id = :t order by created_at")
                .bind("i", incidentId).bind("t", targetId)
                .map((rs, ctx) -> new Made(rs.getString("silence_id"), labels(rs.getString("labels")),
                        Rows.instant(rs, "ends_at"))).list());
    }

    /** The silence was expired (or had ended by itself): Sift no longer keeps it. */
    public void forget(long targetId, String silenceId) {
        jdbi.useHandle(h -> h.createUpdate("delete from alertmanager_silences where target_id = :t and silence_id = :s")
                .bind("t", targetId).bind("s", silenceId).execute());
    }

    private static Map<String, String> labels(String json) {
        try {
            return JSON.readValue(json, LABELS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("labels are not a JSON object: " + json, e);
        }
    }

    private static String json(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
