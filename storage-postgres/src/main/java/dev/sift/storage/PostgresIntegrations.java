package dev.sift.storage;

import static dev.sift.storage.Rows.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sift.core.integration.Icinga2Connection;
import dev.sift.core.integration.Integration;
import dev.sift.core.integration.IntegrationKind;
import dev.sift.core.port.Integrations;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Integrations and key hashes in PostgreSQL. */
public final class PostgresIntegrations implements Integrations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Jdbi jdbi;
    private final SecretSealer sealer;

    public PostgresIntegrations(Jdbi jdbi) {
        this(jdbi, SecretSealer.PLAIN);
    }

    /** @param sealer seals the Icinga2 password ({@code connection_secret}) before it is stored */
    public PostgresIntegrations(Jdbi jdbi, SecretSealer sealer) {
        this.jdbi = jdbi;
        this.sealer = sealer;
    }

    /**
     * Seals the passwords stored in plain text before sealing existed (Sift up to 0.x stored them so), once at
     * start; returns how many it sealed.
     */
    public int sealPlainSecrets() {
        return jdbi.inTransaction(h -> {
            int n = 0;
            var rows = h.createQuery("select id, connection_secret from integrations where connection_secret is not"
                    + " null for update").map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2))).list();
            for (var row : rows) {
                if (!sealer.isSealed(row.getValue())) {
                    n += h.createUpdate("update integrations set connection_secret = :s where id = :id")
                            .bind("s", sealer.seal(row.getValue())).bind("id", row.getKey()).execute();
                }
            }
            return n;
        });
    }

    @Override
    public Integration create(String name, IntegrationKind kind, String keyHash, String createdBy) {
        try {
            return jdbi.withHandle(h -> h.createQuery("insert into integrations (name, kind, key_hash, created_by)"
                            + " values (:n, :k, :h, :by) returning *")
                    .bind("n", name).bind("k", kind.wireName()).bind("h", keyHash).bind("by", createdBy)
                    .map((rs, ctx) -> integration(rs)).one());
        } catch (UnableToExecuteStatementException e) {
            throw Conflicts.translate(e, "an integration named '" + name + "' already exists");
        }
    }

    @Override
    public Integration createHeartbeat(String name, String keyHash, String createdBy, Duration interval,
                                       Duration grace) {
        try {
            return jdbi.withHandle(h -> h.createQuery("insert into integrations (name, kind, key_hash, created_by,"
                            + " heartbeat_interval_ms, heartbeat_grace_ms) values (:n, 'heartbeat', :h, :by, :interval,"
                            + " :grace) returning *")
                    .bind("n", name).bind("h", keyHash).bind("by", createdBy).bind("interval", interval.toMillis())
                    .bind("grace", grace.toMillis())
                    .map((rs, ctx) -> integration(rs)).one());
        } catch (UnableToExecuteStatementException e) {
            throw Conflicts.translate(e, "an integration named '" + name + "' already exists");
        }
    }

    @Override
    public Integration createIcinga2(String name, String keyHash, String createdBy, Icinga2Connection connection) {
        ObjectNode settings = JSON.createObjectNode();
        settings.put("url", connection.url());
        settings.put("username", connection.username());
        settings.put("caFile", connection.caFile());
        settings.put("insecureTls", connection.insecureTls());
        settings.put("mirrorComments", connection.mirrorComments());
        try {
            return jdbi.withHandle(h -> h.createQuery("insert into integrations (name, kind, key_hash, created_by,"
                            + " connection, connection_secret) values (:n, 'icinga2', :h, :by, cast(:c as jsonb), :s)"
                            + " returning *")
                    .bind("n", name).bind("h", keyHash).bind("by", createdBy).bind("c", settings.toString())
                    .bind("s", sealer.seal(connection.password()))
                    .map((rs, ctx) -> integration(rs)).one());
        } catch (UnableToExecuteStatementException e) {
            throw Conflicts.translate(e, "an integration named '" + name + "' already exists");
        }
    }

    @Override
    public Optional<Icinga2Connection> icinga2Connection(long integrationId) {
        return jdbi.withHandle(h -> h.createQuery("select connection::text as c, connection_secret from integrations"
                        + " where id = :id and kind = 'icinga2'").bind("id", integrationId)
                .map((rs, ctx) -> connection(rs.getString("c"), rs.getString("connection_secret"))).findOne());
    }

    private Icinga2Connection connection(String json, String stored) {
        String secret = stored != null && sealer.isSealed(stored) ? sealer.open(stored) : stored;
        try {
            JsonNode c = JSON.readTree(json);
            return new Icinga2Connection(c.path("url").asText(), c.path("username").asText(), secret == null ? ""
                    : secret, c.path("caFile").isTextual() ? c.get("caFile").asText() : null,
                    c.path("insecureTls").asBoolean(false), c.path("mirrorComments").asBoolean(true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable connection settings of an icinga2 integration", e);
        }
    }

    @Override
    public Optional<Integration> findByKeyHash(String keyHash) {
        return jdbi.withHandle(h -> h.createQuery("select * from integrations where key_hash = :h").bind("h", keyHash)
                .map((rs, ctx) -> integration(rs)).findOne());
    }

    @Override
    public List<Integration> all() {
        return jdbi.withHandle(h -> h.createQuery("select * from integrations order by id")
                .map((rs, ctx) -> integration(rs)).list());
    }

    private static Integration integration(ResultSet rs) throws SQLException {
        long interval = rs.getLong("heartbeat_interval_ms");
        boolean heartbeat = !rs.wasNull();
        long grace = rs.getLong("heartbeat_grace_ms");
        return new Integration(rs.getLong("id"), rs.getString("name"),
                IntegrationKind.fromWireName(rs.getString("kind")), instant(rs, "created_at"),
                rs.getString("created_by"), heartbeat ? Duration.ofMillis(interval) : null,
                heartbeat ? Duration.ofMillis(grace) : null);
    }
}
