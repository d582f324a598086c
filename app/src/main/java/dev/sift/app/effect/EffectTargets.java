package dev.sift.app.effect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sift.core.incident.Priority;
import dev.sift.core.journal.JournalEntry;
import dev.sift.core.port.TicketSystems;
import dev.sift.core.time.Durations;
import dev.sift.storage.PostgresAlertmanagerSilences;
import dev.sift.storage.PostgresEffects;
import dev.sift.storage.PostgresExternalTickets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The effect targets: ticket systems configured through the API ({@link TicketSystems}), checked per kind (a bad
 * config is refused naming its field), their secrets sealed ({@link SecretBox}) apart from the rest of the config,
 * and, for the workers, the handler and client of each. Adding a kind: its fields in {@link #check}, a handler in
 * {@link #handler}.
 */
public final class EffectTargets implements TicketSystems {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEFAULT_WATCH = Duration.ofSeconds(30);
    /** Which config fields of a kind are secrets. */
    private static final Map<String, Set<String>> SECRETS = Map.of("rt", Set.of("token", "password"),
            "zammad", Set.of("token"), "webhook", Set.of("secret"), "alertmanager", Set.of());

    private final PostgresEffects effects;
    private final PostgresExternalTickets tickets;
    private final SecretBox box;
    private final Clock clock;
    private final TicketPolicy policy;
    private final Map<Long, TicketClient> clients = new ConcurrentHashMap<>();
    private final Map<String, EffectHandler> handlers = new HashMap<>();
    private volatile boolean any;

    public EffectTargets(PostgresEffects effects, PostgresExternalTickets tickets,
                         PostgresAlertmanagerSilences amSilences, SecretBox box, Clock clock) {
        this.effects = effects;
        this.tickets = tickets;
        this.box = box;
        this.clock = clock;
        this.policy = TicketPolicy.DEFAULT;
        this.any = effects.anyTargets();
        TicketSync sync = new TicketSync(this, tickets, policy, clock);
        handlers.put("rt", sync);
        handlers.put("zammad", sync);
        handlers.put("webhook", new WebhookTicketTarget(this, clock));
        handlers.put("alertmanager", new AlertmanagerSilencer(amSilences, clock));
    }

    /** Whether any target exists: without one, the writer need not write journal entries at all. */
    public BooleanSupplier anyTarget() {
        return () -> any;
    }

    @Override
    public TicketSystem create(String name, String kind, Map<String, Object> config, String actor) {
        ObjectNode settings = JSON.valueToTree(config);
        check(kind, settings);
        ObjectNode secrets = JSON.createObjectNode();
        for (String field : SECRETS.getOrDefault(kind, Set.of())) {
            JsonNode v = settings.remove(field);
            if (v != null && !v.isNull()) {
                secrets.put(field, v.asText());
            }
        }
        any = true; // before the row exists: no batch committed after it can miss it
        String sealed = secrets.isEmpty() ? null : box.seal(secrets.toString());
        long id = effects.createTarget(name, kind, settings, sealed, actor, clock.instant())
                .orElseThrow(() -> new IllegalStateException("a ticket system named '" + name + "' exists"));
        return view(effects.target(id).orElseThrow());
    }

    /** The ticket systems: the targets that Sift keeps for its integrations (Icinga2) are not listed. */
    @Override
    public List<TicketSystem> all() {
        return effects.targets().stream().filter(t -> SECRETS.containsKey(t.kind())).map(EffectTargets::view)
                .toList();
    }

    /** Adds a kind of target that lives in a package of its own (Icinga2 write-back). */
    public void register(String kind, EffectHandler handler) {
        handlers.put(kind, handler);
    }

    /**
     * A target Sift keeps for one of its integrations rather than one configured as a ticket system: made when
     * missing (by name), so that calling this at every start is harmless. Only events after it exists reach it.
     */
    public long ensure(String name, String kind, ObjectNode config) {
        any = true; // before the row exists, as in create
        return effects.targets().stream().filter(t -> t.name().equals(name)).findFirst()
                .map(PostgresEffects.Target::id)
                .or(() -> effects.createTarget(name, kind, config, null, "system", clock.instant()))
                .or(() -> effects.targets().stream().filter(t -> t.name().equals(name)).findFirst()
                        .map(PostgresEffects.Target::id))
                .orElseThrow(() -> new IllegalStateException("cannot make the effect target " + name));
    }

    @Override
    public List<ExternalTicket> ticketsOf(long incidentId) {
        Map<Long, PostgresEffects.Target> targets = new HashMap<>();
        effects.targets().forEach(t -> targets.put(t.id(), t));
        Map<Long, Long> pending = effects.pendingByTarget(incidentId);
        Map<Long, String> errors = effects.lastErrorByTarget(incidentId);
        List<ExternalTicket> out = new ArrayList<>();
        for (PostgresExternalTickets.Mapping m : tickets.ofIncident(incidentId)) {
            PostgresEffects.Target t = targets.get(m.targetId());
            if (t == null) {
                continue;
            }
            long waiting = pending.getOrDefault(m.targetId(), 0L);
            String state = waiting > 0 && "synced".equals(m.syncState()) ? "pending" : m.syncState();
            String error = m.lastError() != null ? m.lastError() : errors.get(m.targetId());
            out.add(new ExternalTicket(t.name(), t.kind(), m.ticketId(), m.url(), m.status(), m.owner(),
                    m.syncedAt(), state, error, waiting));
        }
        return out;
    }

    @Override
    public List<Map<String, Object>> policy() {
        return policy.view();
    }

    // ---- for the workers ------------------------------------------------------------------------------------

    EffectHandler handler(String kind) {
        return handlers.get(kind);
    }

    /** The ticket client of a target (its config never changes after creation, so it is made once). */
    TicketClient client(PostgresEffects.Target t) {
        return clients.computeIfAbsent(t.id(), id -> {
            JsonNode c = t.config();
            Map<String, String> s = secrets(t);
            return switch (t.kind()) {
                case "rt" -> new RtClient(c.path("url").asText(), s.get("token"), text(c, "username"),
                        s.get("password"), c.path("queue").asText(), text(c, "nobody"));
                case "zammad" -> new ZammadClient(c.path("url").asText(), s.get("token"), c.path("group").asText(),
                        text(c, "customer"));
                default -> throw new IllegalStateException("no ticket client for kind " + t.kind());
            };
        });
    }

    /** Whether this target wants a ticket for the entry's incident (its {@code minPriority}). */
    boolean wants(PostgresEffects.Target t, JournalEntry e) {
        String min = text(t.config(), "minPriority");
        return min == null || e.priority() == null || !Priority.valueOf(min).moreUrgentThan(e.priority());
    }

    Map<String, String> secrets(PostgresEffects.Target t) {
        Map<String, String> out = new HashMap<>();
        if (t.secret() != null) {
            try {
                JSON.readTree(box.open(t.secret())).properties().forEach(e -> out.put(e.getKey(),
                        e.getValue().asText()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the secrets of ticket system " + t.name() + " are not JSON");
            }
        }
        return out;
    }

    static Duration watchInterval(PostgresEffects.Target t) {
        String v = text(t.config(), "watchInterval");
        return v == null ? DEFAULT_WATCH : Durations.parse(v);
    }

    // ---- checking a config ------------------------------------------------------------------------------------

    static void check(String kind, ObjectNode c) {
        switch (kind) {
            case "rt" -> {
                url(c, "url");
                required(c, "queue");
                boolean token = c.hasNonNull("token");
                boolean user = c.hasNonNull("username") || c.hasNonNull("password");
                if (token == user) {
                    throw new InvalidConfig(token ? "config.username" : "config.token", token
                            ? "give either token or username and password, not both"
                            : "is required (an RT auth token), or give username and password");
                }
                if (user) {
                    required(c, "username");
                    required(c, "password");
                }
                optionalText(c, "nobody");
                watch(c);
                priority(c);
                known(c, "url", "queue", "token", "username", "password", "nobody", "watchInterval", "minPriority");
            }
            case "webhook" -> {
                url(c, "url");
                optionalText(c, "template");
                optionalText(c, "secret");
                priority(c);
                known(c, "url", "template", "secret", "minPriority");
            }
            case "zammad" -> {
                url(c, "url");
                required(c, "token");
                required(c, "group");
                optionalText(c, "customer");
                watch(c);
                priority(c);
                known(c, "url", "token", "group", "customer", "watchInterval", "minPriority");
            }
            case "alertmanager" -> {
                url(c, "url");
                if (c.has("silenceOnSnooze") && !c.get("silenceOnSnooze").isBoolean()) {
                    throw new InvalidConfig("config.silenceOnSnooze", "must be true or false");
                }
                if (!c.path("silenceOnSnooze").asBoolean(false)) {
                    throw new InvalidConfig("config.silenceOnSnooze", "must be true: it is what this kind does"
                            + " (silences in Alertmanager while an incident is snoozed)");
                }
                optionalText(c, "integration");
                known(c, "url", "silenceOnSnooze", "integration");
            }
            default -> throw new InvalidConfig("kind", "unknown kind '" + kind
                    + "'; expected rt, zammad, webhook or alertmanager");
        }
    }

    private static void url(ObjectNode c, String field) {
        String v = required(c, field);
        URI u;
        try {
            u = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfig("config." + field, "is not a URL: " + e.getMessage());
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new InvalidConfig("config." + field, "must be an http or https URL with a host, got '" + v + "'");
        }
    }

    private static String required(ObjectNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidConfig("config." + field, "is required");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidConfig("config." + field, "must be a non-empty string");
        }
        return v.asText();
    }

    private static void optionalText(ObjectNode c, String field) {
        if (c.has(field) && !c.get(field).isNull()) {
            required(c, field);
        }
    }

    private static void watch(ObjectNode c) {
        if (c.hasNonNull("watchInterval")) {
            try {
                Duration d = Durations.parse(required(c, "watchInterval"));
                if (d.compareTo(Duration.ofMillis(100)) < 0) {
                    throw new InvalidConfig("config.watchInterval", "must be at least 100ms");
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidConfig("config.watchInterval", e.getMessage());
            }
        }
    }

    private static void priority(ObjectNode c) {
        if (c.hasNonNull("minPriority")) {
            try {
                Priority.valueOf(required(c, "minPriority"));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfig("config.minPriority", "must be one of P1, P2, P3, P4, P5");
            }
        }
    }

    private static void known(ObjectNode c, String... fields) {
        Set<String> ok = Set.of(fields);
        c.properties().forEach(e -> {
            if (!ok.contains(e.getKey())) {
                throw new InvalidConfig("config." + e.getKey(), "is not a setting of this kind; known: "
                        + String.join(", ", fields));
            }
        });
    }

    private static String text(JsonNode c, String field) {
        JsonNode v = c.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static TicketSystem view(PostgresEffects.Target t) {
        @SuppressWarnings("unchecked")
        Map<String, Object> config = new LinkedHashMap<>(JSON.convertValue(t.config(), Map.class));
        if (t.secret() != null) {
            config.put("secrets", "stored encrypted; never shown");
        }
        return new TicketSystem(t.id(), t.name(), t.kind(), config, t.createdAt(), t.lastSuccessAt(),
                t.lastErrorAt(), t.lastError());
    }
}
