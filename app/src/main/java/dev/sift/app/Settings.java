package dev.sift.app;

import java.nio.file.Path;
import java.util.Map;

/**
 * How this Sift runs, from flags and environment variables (flags win). Rules (behaviour) live in the rules
 * file instead; these are the operational knobs.
 *
 * @param databaseUrl a JDBC URL of an external PostgreSQL, or null for the embedded one in {@code home}
 * @param adminToken a fixed admin token (SIFT_ADMIN_TOKEN), or null to generate one at first start
 * @param metricsNeedToken whether /metrics asks for a viewer's token (SIFT_METRICS_AUTH=true); open by default so
 *     that Prometheus can scrape without credentials
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
        boolean metricsNeedToken) {

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
                Boolean.parseBoolean(env.getOrDefault("SIFT_METRICS_AUTH", "false")));
    }

    public Settings withPort(int p) {
        return new Settings(home, bind, p, configFile, databaseUrl, databaseUser, databasePassword, adminToken,
                queueCapacity, maxBatch, metricsNeedToken);
    }

    public Settings withBind(String b) {
        return new Settings(home, b, port, configFile, databaseUrl, databaseUser, databasePassword, adminToken,
                queueCapacity, maxBatch, metricsNeedToken);
    }

    public Settings withHome(Path h) {
        return new Settings(h, bind, port, configFile, databaseUrl, databaseUser, databasePassword, adminToken,
                queueCapacity, maxBatch, metricsNeedToken);
    }

    public Settings withConfigFile(Path c) {
        return new Settings(home, bind, port, c, databaseUrl, databaseUser, databasePassword, adminToken,
                queueCapacity, maxBatch, metricsNeedToken);
    }

    public Settings withAdminToken(String t) {
        return new Settings(home, bind, port, configFile, databaseUrl, databaseUser, databasePassword, t,
                queueCapacity, maxBatch, metricsNeedToken);
    }

    public Settings withQueueCapacity(int c) {
        return new Settings(home, bind, port, configFile, databaseUrl, databaseUser, databasePassword, adminToken,
                c, maxBatch, metricsNeedToken);
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

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
