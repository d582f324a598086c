package dev.sift.core.alert;

/**
 * Where alerts come from. A source that re-sends firing alerts periodically lets Sift expire alerts that stop
 * being re-sent; a source that resolves explicitly does not.
 */
public enum Source {
    /** Prometheus Alertmanager webhook: every group notification repeats the whole group. */
    ALERTMANAGER(true),
    /** PagerDuty Events API v2 style senders: trigger / acknowledge / resolve by dedup key. */
    EVENTS(false),
    /** A recorded stream replayed offline; re-sends like Alertmanager. */
    REPLAY(true),
    /** Sift itself, for a heartbeat integration that stopped pinging; the next ping resolves it. */
    HEARTBEAT(false),
    /** An Icinga2 event stream: problems open and recover explicitly (HARD states); nothing is re-sent. */
    ICINGA2(false);

    private final boolean resends;

    Source(boolean resends) {
        this.resends = resends;
    }

    public boolean resends() {
        return resends;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Source fromWireName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
