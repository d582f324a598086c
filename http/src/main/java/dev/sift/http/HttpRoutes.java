package dev.sift.http;

import dev.sift.http.api.AdminApi;
import dev.sift.http.api.AnalyticsApi;
import dev.sift.http.api.IncidentsApi;
import dev.sift.http.api.NotificationsApi;
import dev.sift.http.api.RulesApi;
import dev.sift.http.api.SilencesApi;
import dev.sift.http.api.TicketSystemsApi;
import dev.sift.http.ingest.IngestRoutes;
import dev.sift.http.ops.OpsRoutes;
import dev.sift.http.problem.ApiException;
import dev.sift.http.problem.DatabaseUnreachable;
import dev.sift.http.problem.Problems;
import io.helidon.webserver.http.HttpRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every route Sift serves, in one table. Handlers translate only; the rules live in the core. */
public final class HttpRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRoutes.class);

    private HttpRoutes() {}

    public static void define(HttpRouting.Builder r, IngestRoutes ingest, IncidentsApi incidents, AdminApi admin,
                              RulesApi rules, SilencesApi silences, NotificationsApi notifications,
                              AnalyticsApi analytics, OpsRoutes ops, TicketSystemsApi tickets) {
        r.post("/api/v1/integrations/alertmanager", ingest::alertmanager)
                .post("/v2/enqueue", ingest::events)
                .post("/api/v1/heartbeats/ping", ingest::heartbeat)

                .get("/api/v1/incidents", incidents::list)
                .get("/api/v1/incidents/{id}", incidents::get)
                .post("/api/v1/incidents/{id}/{action}", incidents::act)
                .get("/api/v1/alerts", incidents::alerts)
                .get("/api/v1/rules", rules::get)
                .post("/api/v1/silences", silences::create)
                .get("/api/v1/silences", silences::list)
                .get("/api/v1/silences/{id}", silences::get)
                .delete("/api/v1/silences/{id}", silences::expire)
                .get("/api/v1/notifications", notifications::list)
                .post("/api/v1/ticket-systems", tickets::create)
                .get("/api/v1/ticket-systems", tickets::list)
                .get("/api/v1/ticket-policy", tickets::policy)
                .get("/api/v1/analytics/funnel", analytics::funnel)
                .get("/api/v1/analytics/noisy", analytics::noisy)
                .get("/api/v1/analytics/flapping", analytics::flapping)
                .get("/api/v1/analytics/transients", analytics::transients)
                .get("/api/v1/analytics/response", analytics::response)
                .get("/api/v1/analytics/sla", analytics::sla)
                .get("/api/v1/analytics/oncall", analytics::oncall)

                .post("/api/v1/integrations", admin::createIntegration)
                .get("/api/v1/integrations", admin::listIntegrations)
                .post("/api/v1/users", admin::createUser)
                .get("/api/v1/users", admin::listUsers)
                .post("/api/v1/users/{username}/tokens", admin::createToken)
                .post("/api/v1/users/{username}/password", admin::setPassword)
                .get("/api/v1/users/{username}/tokens", admin::listTokens)
                .get("/api/v1/me", admin::me)

                .get("/healthz", ops::health)
                .get("/readyz", ops::ready)
                .get("/metrics", ops::metrics)
                .get("/openapi.yaml", ops::openApi)
                .get("/api/v1/openapi.yaml", ops::openApi)

                // Anything else gets a problem body too, not a bare "Not Found".
                .any((req, res) -> Problems.send(res, ApiException.notFound("no route for "
                        + req.prologue().method().text() + " " + req.path().path() + "; see /openapi.yaml")))

                .error(ApiException.class, (req, res, e) -> Problems.send(res, e))
                .error(Exception.class, (req, res, e) -> {
                    if (DatabaseUnreachable.isCause(e)) { // not a bug: the writer logs the outage once
                        LOG.debug("database unreachable on {} {}: {}", req.prologue().method(), req.path().path(),
                                e.toString());
                        Problems.send(res, DatabaseUnreachable.problem());
                        return;
                    }
                    LOG.error("unexpected error on {} {}", req.prologue().method(), req.path().path(), e);
                    Problems.send(res, new ApiException(500, "internal error",
                            "something went wrong inside Sift; the log has the details", null, null));
                });
    }
}
