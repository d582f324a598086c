package dev.sift.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The ticket systems Sift keeps in step with its incidents (issue #6): configured through the API, read with
 * their health, and the tickets of an incident.
 */
public interface TicketSystems {

    /** A configured ticket system, without its secrets. */
    record TicketSystem(long id, String name, String kind, Map<String, Object> config, Instant createdAt,
                        Instant lastSuccessAt, Instant lastErrorAt, String lastError) {}

    /**
     * An incident's ticket in one system, and how in step it is.
     *
     * @param syncState creating, synced, failing, gone — or pending while deliveries wait
     * @param pending deliveries still waiting for this system
     */
    record ExternalTicket(String system, String kind, String id, String url, String status, String owner,
                          Instant syncedAt, String syncState, String lastError, long pending) {}

    /** A bad configuration: which field, and why. */
    final class InvalidConfig extends RuntimeException {
        private final String field;

        public InvalidConfig(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * @param config the kind's settings (secrets included; they are stored encrypted and never shown again)
     * @throws InvalidConfig naming the field
     * @throws IllegalStateException when the name is taken
     */
    TicketSystem create(String name, String kind, Map<String, Object> config, String actor);

    List<TicketSystem> all();

    List<ExternalTicket> ticketsOf(long incidentId);

    /** The ticket policy: its rows, first match wins, as data. */
    List<Map<String, Object>> policy();
}
