package dev.sift.http.ops;

import dev.sift.core.rules.RulesStatus;
import dev.sift.http.Exchange;
import dev.sift.http.api.RulesApi;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Health, readiness, metrics and the OpenAPI document: the endpoints that need no token. */
public final class OpsRoutes {
    private final BooleanSupplier databaseReachable;
    private final PrometheusMeterRegistry registry;
    private final Runnable beforeScrape;
    private final byte[] openApi;
    private final Consumer<ServerRequest> metricsAuth;
    private final Supplier<Optional<String>> ingestRefusal;
    private final Supplier<RulesStatus> rules;

    /**
     * {@code metricsAuth} checks a scrape's credentials (it throws to refuse); a no-op leaves /metrics open.
     * {@code ingestRefusal} says why ingest is refused now (a nearly full disk), or is empty. {@code rules} says
     * whether the rules file on disk is in force.
     */
    public OpsRoutes(BooleanSupplier databaseReachable, Supplier<Optional<String>> ingestRefusal,
                     Supplier<RulesStatus> rules, PrometheusMeterRegistry registry, Runnable beforeScrape,
                     Consumer<ServerRequest> metricsAuth) {
        this.rules = rules;
        this.databaseReachable = databaseReachable;
        this.ingestRefusal = ingestRefusal;
        this.registry = registry;
        this.beforeScrape = beforeScrape;
        this.metricsAuth = metricsAuth;
        this.openApi = resource("/openapi.yaml");
    }

    public void health(ServerRequest req, ServerResponse res) {
        Exchange.json(res, 200, Map.of("status", "ok"));
    }

    /**
     * Ready means able to take alerts: the database answers and nothing makes Sift refuse ingest. An invalid rules
     * file does not make Sift unready (the last good rules keep working) but is shown, so that it is noticed.
     */
    public void ready(ServerRequest req, ServerResponse res) {
        boolean db = databaseReachable.getAsBoolean();
        Optional<String> refusal = ingestRefusal.get();
        boolean ready = db && refusal.isEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not ready");
        body.put("database", db ? "reachable" : "unreachable");
        body.put("ingest", refusal.map(why -> "refused: " + why).orElse("accepting"));
        body.put("rules", RulesApi.status(rules.get()));
        Exchange.json(res, ready ? 200 : 503, body);
    }

    public void metrics(ServerRequest req, ServerResponse res) {
        metricsAuth.accept(req);
        beforeScrape.run();
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(registry.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void openApi(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/yaml");
        res.send(openApi);
    }

    private static byte[] resource(String name) {
        try (InputStream in = OpsRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
