package dev.sift.core.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The heartbeats the engine watches, by integration id. A heartbeat is never forgotten: integrations are not
 * deleted. The engine keeps exactly one timer per heartbeat (see {@code Engine}), so frequent pings add none.
 */
public final class Heartbeats {
    private final Map<Long, Heartbeat> byIntegration = new TreeMap<>();

    public void clear() {
        byIntegration.clear();
    }

    public void restore(Heartbeat h) {
        byIntegration.put(h.integrationId(), h);
    }

    /** Starts watching (or changes the interval of) a heartbeat; a new one counts from {@code now}. */
    public Heartbeat watch(long integrationId, String name, Duration interval, Duration grace, Instant now) {
        Heartbeat known = byIntegration.get(integrationId);
        Heartbeat h = known == null ? new Heartbeat(integrationId, name, interval, grace, now, false)
                : new Heartbeat(integrationId, name, interval, grace, known.lastPingAt(), known.pinged());
        byIntegration.put(integrationId, h);
        return h;
    }

    /** @return the heartbeat after the ping, or empty when the integration is no heartbeat Sift knows */
    public Optional<Heartbeat> ping(long integrationId, Instant now) {
        Heartbeat h = byIntegration.get(integrationId);
        if (h == null) {
            return Optional.empty();
        }
        Heartbeat after = h.pingedAt(now.isAfter(h.lastPingAt()) ? now : h.lastPingAt());
        byIntegration.put(integrationId, after);
        return Optional.of(after);
    }

    public Optional<Heartbeat> get(long integrationId) {
        return Optional.ofNullable(byIntegration.get(integrationId));
    }

    public Collection<Heartbeat> all() {
        return Collections.unmodifiableCollection(byIntegration.values());
    }
}
