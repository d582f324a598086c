package dev.sift.core.port;

import dev.sift.core.integration.ConnectionHealth;
import dev.sift.core.integration.Integration;
import java.util.Optional;

/** The connections Sift keeps to sources it subscribes to itself (Icinga2 event streams). */
public interface SourceConnections {
    /** Start connecting to a newly created integration's source (it is stored already). */
    void connect(Integration integration);

    /** The health of the integration's connection; empty for integrations that Sift does not connect to. */
    Optional<ConnectionHealth> health(long integrationId);

    /** No connections at all (a Sift without connectors, such as some tests). */
    SourceConnections NONE = new SourceConnections() {
        @Override
        public void connect(Integration integration) {}

        @Override
        public Optional<ConnectionHealth> health(long integrationId) {
            return Optional.empty();
        }
    };
}
