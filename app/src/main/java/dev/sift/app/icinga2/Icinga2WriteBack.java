package dev.sift.app.icinga2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sift.app.effect.EffectFailed;
import dev.sift.app.effect.EffectHandler;
import dev.sift.app.effect.EffectTargets;
import dev.sift.app.icinga2.Icinga2Client.ActionResult;
import dev.sift.app.icinga2.Icinga2Client.Icinga2Failure;
import dev.sift.core.integration.Icinga2Connection;
import dev.sift.core.integration.Integration;
import dev.sift.core.journal.IncidentEvent;
import dev.sift.core.journal.JournalEntry;
import dev.sift.core.port.Integrations;
import dev.sift.core.port.SourceAlerts;
import dev.sift.core.port.TicketSystems;
import dev.sift.storage.PostgresEffects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Writes back to Icinga2 what people do in Sift (issue #6), as an effect target per icinga2 integration (ADR 8), so
 * that it survives restarts and is retried with backoff: acknowledging an incident acknowledges the Icinga2 problems
 * of its alerts that still fire (author: the Sift actor; a sticky acknowledgement without notifications, its comment
 * naming the incident and its tickets), and a comment on the incident is added to those objects as an Icinga2
 * comment. An acknowledgement that came from Icinga2 (actor {@code icinga2:*}) is not echoed back; and the
 * AcknowledgementSet event that Icinga2 sends for Sift's own acknowledgement finds the incident taken already, so it
 * changes nothing in Sift ({@link SourceAlerts#untakenIncidentOfFiring}).
 */
public final class Icinga2WriteBack implements EffectHandler {
    public static final String KIND = "icinga2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EffectTargets targets;
    private final Integrations integrations;
    private final SourceAlerts alerts;
    private final TicketSystems tickets;
    private final Map<Long, Icinga2Connection> connections = new ConcurrentHashMap<>();
    private final Map<Long, Icinga2Client> clients = new ConcurrentHashMap<>();

    public Icinga2WriteBack(EffectTargets targets, Integrations integrations, SourceAlerts alerts,
                            TicketSystems tickets) {
        this.targets = targets;
        this.integrations = integrations;
        this.alerts = alerts;
        this.tickets = tickets;
        targets.register(KIND, this);
    }

    /** Makes the integration's target if missing: called before Sift subscribes, so no incident of it is missed. */
    void follow(Integration integration) {
        ObjectNode config = JSON.createObjectNode();
        config.put("integrationId", integration.id());
        targets.ensure("icinga2:" + integration.name(), KIND, config);
    }

    @Override
    public Delivered deliver(PostgresEffects.Target target, JournalEntry e) throws EffectFailed {
        boolean fromIcinga2 = e.actor() != null && e.actor().startsWith(Icinga2Subscription.ACTOR_PREFIX);
        if (fromIcinga2 || "system".equals(e.actor())
                || e.event() != IncidentEvent.ACKNOWLEDGED && e.event() != IncidentEvent.COMMENTED) {
            return new Delivered("ignore", null);
        }
        long integrationId = target.config().path("integrationId").asLong();
        List<String> objects = alerts.firingDedupKeysOfIncident(integrationId, e.incidentId());
        if (objects.isEmpty()) {
            return new Delivered("ignore", null);
        }
        Icinga2Connection connection = connection(target, integrationId);
        if (e.event() == IncidentEvent.COMMENTED && !connection.mirrorComments()) {
            return new Delivered("ignore", null);
        }
        Icinga2Client client = clients.computeIfAbsent(integrationId, id -> new Icinga2Client(connection));
        String actor = e.actor() == null ? "sift" : e.actor();
        boolean ack = e.event() == IncidentEvent.ACKNOWLEDGED;
        String action = ack ? "acknowledge-problem" : "add-comment";
        Map<String, Object> fields = ack
                ? Map.of("author", actor, "comment", ackComment(e, actor), "sticky", true, "notify", false)
                : Map.of("author", actor, "comment", "Sift incident #" + e.incidentId() + ": " + e.message());
        List<String> done = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (String object : objects) {
            try {
                ActionResult r = client.action(action, object, fields);
                (r == ActionResult.GONE ? gone : done).add(object); // ALREADY: acknowledged or OK, nothing to do
            } catch (Icinga2Failure f) {
                throw new EffectFailed(f.getMessage(), true);
            }
        }
        if (done.isEmpty()) {
            throw new EffectFailed("Icinga2 found none of " + gone + " for " + action + ": deleted, or the ApiUser"
                    + " lacks the permission actions/" + action + " (Icinga2 answers both with 404)", false);
        }
        String what = ack ? "acknowledged in Icinga2 (" + target.name() + "): " : "comment added in Icinga2 ("
                + target.name() + "): ";
        return new Delivered(ack ? "acknowledge" : "comment", ack ? what + String.join(", ", done) : null);
    }

    /** "Sift incident #12 acknowledged by alice (tickets: RT 4711)": what a person sees on Icinga2's dashboard. */
    private String ackComment(JournalEntry e, String actor) {
        String text = "Sift incident #" + e.incidentId() + " acknowledged by " + actor;
        String numbers = tickets.ticketsOf(e.incidentId()).stream().filter(t -> t.id() != null)
                .map(t -> t.system() + " " + t.id()).collect(Collectors.joining(", "));
        return numbers.isEmpty() ? text : text + " (tickets: " + numbers + ")";
    }

    /** Its settings never change after creation: read once. */
    private Icinga2Connection connection(PostgresEffects.Target target, long integrationId) throws EffectFailed {
        Icinga2Connection c = connections.get(integrationId);
        if (c == null) {
            c = integrations.icinga2Connection(integrationId).orElseThrow(() -> new EffectFailed(
                    "the icinga2 integration of " + target.name() + " no longer exists", false));
            connections.put(integrationId, c);
        }
        return c;
    }
}
