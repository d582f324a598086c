package dev.sift.app.effect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sift.core.journal.JournalEntry;
import dev.sift.storage.PostgresAlertmanagerSilences;
import dev.sift.storage.PostgresEffects;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes snoozes back to an Alertmanager (target kind {@code alertmanager}, {@code silenceOnSnooze: true}): when an
 * incident is snoozed, one silence per distinct label set of its firing Alertmanager alerts (those of the
 * {@code integration} named in the config, or of any Alertmanager integration; equality matchers on
 * every label, ending with the snooze), made through the v2 API and remembered; when the snooze ends early
 * (acknowledged, resolved, closed, merged), those silences are expired. A retry after a partial failure
 * makes only the silences still missing. Failures are {@link EffectFailed}: the workers retry with backoff.
 */
final class AlertmanagerSilencer implements EffectHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final PostgresAlertmanagerSilences silences;
    private final Clock clock;
    private final HttpClient http = ExternalHttp.client();

    AlertmanagerSilencer(PostgresAlertmanagerSilences silences, Clock clock) {
        this.silences = silences;
        this.clock = clock;
    }

    @Override
    public Delivered deliver(PostgresEffects.Target target, JournalEntry e) throws EffectFailed {
        if (!target.config().path("silenceOnSnooze").asBoolean(false)) {
            return new Delivered("ignore", null);
        }
        return switch (e.event()) {
            case SNOOZED -> silence(target, e);
            case SNOOZE_ENDED, ACKNOWLEDGED, RESOLVED, CLOSED, MERGED -> expire(target, e);
            default -> new Delivered("ignore", null);
        };
    }

    private Delivered silence(PostgresEffects.Target target, JournalEntry e) throws EffectFailed {
        Instant until = e.snoozedUntil();
        if (until == null || !until.isAfter(clock.instant())) {
            return new Delivered("ignore", null);
        }
        // A snooze changed while snoozed: the older silences go, the new ones end with the new snooze.
        List<PostgresAlertmanagerSilences.Made> kept = new ArrayList<>();
        for (PostgresAlertmanagerSilences.Made m : silences.of(e.incidentId(), target.id())) {
            if (m.endsAt().equals(until)) {
                kept.add(m);
            } else {
                expireOne(target, m);
            }
        }
        Long integration = null;
        String name = target.config().path("integration").asText(null);
        if (name != null) {
            integration = silences.alertmanagerIntegration(name).orElseThrow(() -> new EffectFailed(
                    "there is no Alertmanager integration named '" + name + "' (config.integration)", false));
        }
        List<String> made = new ArrayList<>();
        for (Map<String, String> labels : silences.firingLabelSets(e.incidentId(), integration)) {
            if (kept.stream().anyMatch(m -> m.labels().equals(labels))) {
                continue; // made by an earlier attempt of this delivery
            }
            String id = create(target, e, labels, until);
            silences.made(e.incidentId(), target.id(), id, labels, until, clock.instant());
            made.add(id);
        }
        if (made.isEmpty() && kept.isEmpty()) {
            return new Delivered("ignore", null);
        }
        List<String> all = new ArrayList<>(kept.stream().map(PostgresAlertmanagerSilences.Made::silenceId).toList());
        all.addAll(made);
        return new Delivered("silence", "Alertmanager " + target.name() + ": silenced until " + until + " ("
                + (all.size() == 1 ? "silence " : all.size() + " silences: ") + String.join(", ", all) + ")");
    }

    private Delivered expire(PostgresEffects.Target target, JournalEntry e) throws EffectFailed {
        List<String> expired = new ArrayList<>();
        for (PostgresAlertmanagerSilences.Made m : silences.of(e.incidentId(), target.id())) {
            if (expireOne(target, m)) {
                expired.add(m.silenceId());
            }
        }
        if (expired.isEmpty()) {
            return new Delivered("ignore", null);
        }
        return new Delivered("expire", "Alertmanager " + target.name() + ": snooze ended, expired "
                + (expired.size() == 1 ? "silence " : expired.size() + " silences: ") + String.join(", ", expired));
    }

    /** @return whether a silence still running was expired (false: it had ended by itself or was gone) */
    private boolean expireOne(PostgresEffects.Target target, PostgresAlertmanagerSilences.Made m)
            throws EffectFailed {
        if (!m.endsAt().isAfter(clock.instant())) {
            silences.forget(target.id(), m.silenceId());
            return false;
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(api(target, "/api/v2/silence/"
                + URLEncoder.encode(m.silenceId(), StandardCharsets.UTF_8))).timeout(TIMEOUT).DELETE().build());
        int s = r.statusCode();
        // Expired or deleted by someone in Alertmanager meanwhile: what Sift wanted is already so.
        boolean gone = s == 404 || s == 500 && r.body().contains("already expired");
        if (s / 100 != 2 && !gone) {
            throw failure("expiring silence " + m.silenceId(), r);
        }
        silences.forget(target.id(), m.silenceId());
        return !gone;
    }

    private String create(PostgresEffects.Target target, JournalEntry e, Map<String, String> labels, Instant until)
            throws EffectFailed {
        String earlier = find(target, e, labels, until);
        if (earlier != null) {
            return earlier; // made by an attempt whose answer was lost: not made twice
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode matchers = body.putArray("matchers");
        new TreeMap<>(labels).forEach((name, value) -> matchers.addObject().put("name", name).put("value", value)
                .put("isRegex", false).put("isEqual", true));
        body.put("startsAt", clock.instant().toString());
        body.put("endsAt", until.toString());
        body.put("createdBy", "sift");
        body.put("comment", comment(target, e, until));
        HttpResponse<String> r = send(HttpRequest.newBuilder(api(target, "/api/v2/silences")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        if (r.statusCode() / 100 != 2) {
            throw failure("creating a silence", r);
        }
        try {
            JsonNode answer = JSON.readTree(r.body());
            String id = answer.path("silenceID").asText("");
            if (id.isEmpty()) {
                throw new EffectFailed("Alertmanager answered without a silenceID: " + ExternalHttp.abbreviate(r.body()), true);
            }
            return id;
        } catch (IOException x) {
            throw new EffectFailed("Alertmanager's answer is not JSON: " + ExternalHttp.abbreviate(r.body()), true);
        }
    }

    /**
     * The silence an earlier attempt made for this snooze and label set, or null: active or pending, by Sift, for
     * this incident (the comment), with exactly these equality matchers and this end.
     */
    private String find(PostgresEffects.Target target, JournalEntry e, Map<String, String> labels, Instant until)
            throws EffectFailed {
        HttpResponse<String> r = send(HttpRequest.newBuilder(api(target, "/api/v2/silences")).timeout(TIMEOUT)
                .GET().build());
        if (r.statusCode() / 100 != 2) {
            throw failure("looking for a silence made earlier", r);
        }
        JsonNode all;
        try {
            all = JSON.readTree(r.body());
        } catch (IOException x) {
            throw new EffectFailed("Alertmanager's answer is not JSON: " + ExternalHttp.abbreviate(r.body()), true);
        }
        for (JsonNode s : all) {
            if (!"sift".equals(s.path("createdBy").asText())
                    || !s.path("comment").asText().equals(comment(target, e, until))
                    || "expired".equals(s.at("/status/state").asText())
                    || Duration.between(until, Instant.parse(s.path("endsAt").asText("1970-01-01T00:00:00Z")))
                            .abs().toMillis() >= 1) { // Alertmanager keeps milliseconds
                continue;
            }
            Map<String, String> matched = new TreeMap<>();
            boolean plain = true;
            for (JsonNode m : s.path("matchers")) {
                plain &= !m.path("isRegex").asBoolean() && m.path("isEqual").asBoolean(true);
                matched.put(m.path("name").asText(), m.path("value").asText());
            }
            if (plain && matched.equals(new TreeMap<>(labels))) {
                return s.path("id").asText();
            }
        }
        return null;
    }

    /** Also the marker an earlier attempt is found by: it names the target, as two may share an Alertmanager. */
    private static String comment(PostgresEffects.Target target, JournalEntry e, Instant until) {
        return "Sift incident #" + e.incidentId() + " snoozed by " + e.actor() + " until " + until + " (Sift target "
                + target.name() + ")";
    }

    private static URI api(PostgresEffects.Target target, String path) {
        String base = target.config().path("url").asText();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws EffectFailed {
        return ExternalHttp.send(http, request, "Alertmanager");
    }

    private static EffectFailed failure(String what, HttpResponse<String> r) {
        int s = r.statusCode();
        return new EffectFailed(what + ": Alertmanager answered HTTP " + s + " " + ExternalHttp.abbreviate(r.body()),
                ExternalHttp.retryable(s));
    }

}
