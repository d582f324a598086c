package dev.sift.app.icinga2;

import dev.sift.core.integration.ConnectionHealth;
import dev.sift.core.integration.Integration;
import dev.sift.core.integration.IntegrationKind;
import dev.sift.core.port.CommandQueue;
import dev.sift.core.port.Integrations;
import dev.sift.core.port.SilenceQueries;
import dev.sift.core.port.SourceAlerts;
import dev.sift.core.port.SourceConnections;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The subscriptions of all icinga2 integrations: those stored at start, and each one created later. */
public final class Icinga2Connectors implements SourceConnections, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Icinga2Connectors.class);
    /** Reconnect attempts wait 1 s, 2 s, 4 s … up to this: Icinga2 restarts in about a second. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);

    private final Integrations integrations;
    private final CommandQueue queue;
    private final SourceAlerts alerts;
    private final SilenceQueries silences;
    private final Clock clock;
    private final Icinga2WriteBack writeBack;
    private final Map<Long, Icinga2Subscription> subscriptions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Icinga2Connectors(Integrations integrations, CommandQueue queue, SourceAlerts alerts,
                             SilenceQueries silences, Clock clock, Icinga2WriteBack writeBack) {
        this.integrations = integrations;
        this.queue = queue;
        this.alerts = alerts;
        this.silences = silences;
        this.clock = clock;
        this.writeBack = writeBack;
    }

    /** Connects every stored icinga2 integration. */
    public Icinga2Connectors start() {
        for (Integration i : integrations.all()) {
            if (i.kind() == IntegrationKind.ICINGA2) {
                connect(i);
            }
        }
        return this;
    }

    @Override
    public void connect(Integration integration) {
        if (closed || integration.kind() != IntegrationKind.ICINGA2) {
            return;
        }
        var connection = integrations.icinga2Connection(integration.id());
        if (connection.isEmpty()) {
            LOG.warn("icinga2 integration '{}' has no connection settings", integration.name());
            return;
        }
        writeBack.follow(integration); // before subscribing: its target must see the first incident's events
        subscriptions.computeIfAbsent(integration.id(), id -> new Icinga2Subscription(integration, connection.get(),
                queue, alerts, silences, clock, INITIAL_BACKOFF, MAX_BACKOFF).start());
    }

    @Override
    public Optional<ConnectionHealth> health(long integrationId) {
        return Optional.ofNullable(subscriptions.get(integrationId)).map(Icinga2Subscription::health);
    }

    @Override
    public void close() {
        closed = true;
        subscriptions.values().forEach(Icinga2Subscription::close);
        subscriptions.clear();
    }
}
