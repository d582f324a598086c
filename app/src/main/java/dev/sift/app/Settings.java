package dev.sift.app;

import dev.sift.app.runtime.ByteSizes;
import dev.sift.core.time.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How this Sift runs, from flags and environment variables (flags win). Rules (behaviour) live in the rules
 * file instead; these are the operational knobs.
 *
 * @param databaseUrl a JDBC URL of an external PostgreSQL, or null for the embedded one in {@code home}
 * @param adminToken a fixed admin token (SIFT_ADMIN_TOKEN), or null to generate one at first start
 * @param metricsNeedToken whether /metrics asks for a viewer's token (SIFT_METRICS_AUTH=true); open by default so
 *     that Prometheus can scrape without credentials
 * @param signalRetention how long raw request bodies stay in the signal log (SIFT_SIGNAL_RETENTION, default 7d)
 * @param signalLogMaxBytes the most payload the signal log keeps; the oldest rows go first (SIFT_SIGNAL_LOG_MAX,
 *     default 1GiB)
 * @param minFreeDisk ingest is refused with 503 while the disk of the embedded database has less free space than
 *     this (SIFT_MIN_FREE_DISK, default 1GiB); not checked with an external database
 * @param housekeepingInterval how often the signal log is trimmed (SIFT_HOUSEKEEPING_INTERVAL, default 1m)
 * @param rulesPollInterval how often the rules file is checked for changes (SIFT_RULES_POLL, default 5s); its
 *     content is compared, not its time stamp, so editors that replace the file and Kubernetes config-map symlink
 *     swaps are seen too. SIGHUP reloads at once.
 */
public record Settings(
        Path home,
        String bind,
        int port,
        Path configFile,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        String adminToken,
        int queueCapacity,
        int maxBatch,
        boolean metricsNeedToken,
        Duration signalRetention,
        long signalLogMaxBytes,
        long minFreeDisk,
        Duration housekeepingInterval,
        Duration rulesPollInterval) {

    public static final int DEFAULT_PORT = 8080;

    /** Defaults overlaid with the SIFT_* environment variables. */
    public static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                Path.of(env.getOrDefault("SIFT_HOME", "sift-data")),
                env.getOrDefault("SIFT_BIND", "0.0.0.0"),
                intValue(env, "SIFT_PORT", DEFAULT_PORT),
                env.containsKey("SIFT_CONFIG") ? Path.of(env.get("SIFT_CONFIG")) : null,
                blankToNull(env.get("SIFT_DATABASE_URL")),
                env.getOrDefault("SIFT_DATABASE_USER", "sift"),
                env.getOrDefault("SIFT_DATABASE_PASSWORD", ""),
                blankToNull(env.get("SIFT_ADMIN_TOKEN")),
                intValue(env, "SIFT_QUEUE_CAPACITY", 10_000),
                intValue(env, "SIFT_MAX_BATCH", 2_000),
                Boolean.parseBoolean(env.getOrDefault("SIFT_METRICS_AUTH", "false")),
                durationValue(env, "SIFT_SIGNAL_RETENTION", "7d"),
                sizeValue(env, "SIFT_SIGNAL_LOG_MAX", "1GiB"),
                sizeValue(env, "SIFT_MIN_FREE_DISK", "1GiB"),
                durationValue(env, "SIFT_HOUSEKEEPING_INTERVAL", "1m"),
                durationValue(env, "SIFT_RULES_POLL", "5s"));
    }

    public Settings withPort(int p) {
        return toBuilder().port(p).build();
    }

    public Settings withBind(String b) {
        return toBuilder().bind(b).build();
    }

    public Settings withHome(Path h) {
        return toBuilder().home(h).build();
    }

    public Settings withConfigFile(Path c) {
        return toBuilder().configFile(c).build();
    }

    public Settings withAdminToken(String t) {
        return toBuilder().adminToken(t).build();
    }

    public Settings withQueueCapacity(int c) {
        return toBuilder().queueCapacity(c).build();
    }

    public Settings withSignalLog(Duration retention, long maxBytes) {
        return toBuilder().signalLog(retention, maxBytes).build();
    }

    public Settings withMinFreeDisk(long bytes) {
        return toBuilder().minFreeDisk(bytes).build();
    }

    public Settings withHousekeepingInterval(Duration d) {
        return toBuilder().housekeepingInterval(d).build();
    }

    public Settings withRulesPollInterval(Duration d) {
        return toBuilder().rulesPollInterval(d).build();
    }

    private Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes one setting at a time, so that each {@code with…} method names only what it changes. */
    private static final class Builder {
        private Path home;
        private String bind;
        private int port;
        private Path configFile;
        private String adminToken;
        private int queueCapacity;
        private Duration signalRetention;
        private long signalLogMaxBytes;
        private long minFreeDisk;
        private Duration housekeepingInterval;
        private Duration rulesPollInterval;
        private final Settings from;

        Builder(Settings from) {
            this.from = from;
            home = from.home;
            bind = from.bind;
            port = from.port;
            configFile = from.configFile;
            adminToken = from.adminToken;
            queueCapacity = from.queueCapacity;
            signalRetention = from.signalRetention;
            signalLogMaxBytes = from.signalLogMaxBytes;
            minFreeDisk = from.minFreeDisk;
            housekeepingInterval = from.housekeepingInterval;
            rulesPollInterval = from.rulesPollInterval;
        }

        Builder home(Path v) { home = v; return this; }
        Builder bind(String v) { bind = v; return this; }
        Builder port(int v) { port = v; return this; }
        Builder configFile(Path v) { configFile = v; return this; }
        Builder adminToken(String v) { adminToken = v; return this; }
        Builder queueCapacity(int v) { queueCapacity = v; return this; }
        Builder signalLog(Duration retention, long maxBytes) {
            signalRetention = retention;
            signalLogMaxBytes = maxBytes;
            return this;
        }
        Builder minFreeDisk(long v) { minFreeDisk = v; return this; }
        Builder housekeepingInterval(Duration v) { housekeepingInterval = v; return this; }
        Builder rulesPollInterval(Duration v) { rulesPollInterval = v; return this; }

        Settings build() {
            return new Settings(home, bind, port, configFile, from.databaseUrl, from.databaseUser,
                    from.databasePassword, adminToken, queueCapacity, from.maxBatch, from.metricsNeedToken,
                    signalRetention, signalLogMaxBytes, minFreeDisk, housekeepingInterval, rulesPollInterval);
        }
    }

    private static int intValue(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }

    private static Duration durationValue(Map<String, String> env, String name, String fallback) {
        String v = blankToNull(env.get(name));
        try {
            Duration d = Durations.parse(v == null ? fallback : v.strip());
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("it must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a duration such as 30s, 10m or 7d, got '" + v + "': "
                    + e.getMessage());
        }
    }

    private static long sizeValue(Map<String, String> env, String name, String fallback) {
        String v = blankToNull(env.get(name));
        try {
            return ByteSizes.parse(v == null ? fallback : v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
