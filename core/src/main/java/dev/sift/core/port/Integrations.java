package dev.sift.core.port;

import dev.sift.core.integration.Icinga2Connection;
import dev.sift.core.integration.Integration;
import dev.sift.core.integration.IntegrationKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configured sources. Keys are handled only as hashes here. */
public interface Integrations {
    /** @throws IllegalStateException if the name is taken */
    Integration create(String name, IntegrationKind kind, String keyHash, String createdBy);

    /**
     * A heartbeat integration: it must ping every {@code interval}, at most {@code grace} late.
     *
     * @throws IllegalStateException if the name is taken
     */
    Integration createHeartbeat(String name, String keyHash, String createdBy, Duration interval, Duration grace);

    /**
     * An Icinga2 integration: Sift connects to it; {@code keyHash} is of a key that is never shown.
     *
     * @throws IllegalStateException if the name is taken
     */
    Integration createIcinga2(String name, String keyHash, String createdBy, Icinga2Connection connection);

    /** How to reach the Icinga2 API of an icinga2 integration, with its password; empty for other kinds. */
    Optional<Icinga2Connection> icinga2Connection(long integrationId);

    Optional<Integration> findByKeyHash(String keyHash);

    List<Integration> all();
}
