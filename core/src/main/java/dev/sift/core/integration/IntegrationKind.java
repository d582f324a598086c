package dev.sift.core.integration;

import dev.sift.core.alert.Source;
import java.util.Locale;

/** Which ingest endpoint an integration's key opens; a key works only on its own kind of endpoint. */
public enum IntegrationKind {
    /** {@code POST /api/v1/integrations/alertmanager}, key as bearer token. */
    ALERTMANAGER(Source.ALERTMANAGER),
    /** {@code POST /v2/enqueue}, key as {@code routing_key}. */
    EVENTS(Source.EVENTS),
    /** {@code POST /api/v1/heartbeats/ping}, key as bearer token: a dead-man's switch with an interval. */
    HEARTBEAT(Source.HEARTBEAT),
    /**
     * No endpoint: Sift subscribes to an Icinga2 API's event stream itself, with the connection settings given at
     * creation ({@link Icinga2Connection}).
     */
    ICINGA2(Source.ICINGA2);

    private final Source source;

    IntegrationKind(Source source) {
        this.source = source;
    }

    public Source source() {
        return source;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static IntegrationKind fromWireName(String name) {
        for (IntegrationKind k : values()) {
            if (k.wireName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + name
                + "'; expected one of alertmanager, events, heartbeat, icinga2");
    }
}
