package dev.passage.server.webhooks;

import dev.passage.server.errors.ValidationException;
import dev.passage.server.http.HttpServer;
import dev.passage.server.http.Json;
import dev.passage.server.http.RequestBodies;
import dev.passage.server.orgs.ApiKeyAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /webhook_verification_key/get} (public) and a link's deliveries under
 * {@code /v1/links/:id/webhooks} (API key, organization-scoped).
 */
public final class WebhookRoutes implements HttpServer.Routes {
    private final WebhookService webhooks;

    public WebhookRoutes(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/webhook_verification_key/get", this::verificationKey);
        routes.get("/v1/links/{id}/webhooks", this::deliveries);
        routes.post("/v1/links/{id}/webhooks/resend", this::resend);
    }

    private void verificationKey(Context ctx) {
        JsonNode kid = RequestBodies.jsonObject(ctx).get("key_id");
        if (kid == null || kid.isNull()) {
            throw ValidationException.of("key_id", "is required: the kid of the X-Passage-Signature header");
        }
        if (!kid.isString() || kid.asString().isBlank()) {
            throw ValidationException.of("key_id", "must be a non-empty string, not " + RequestBodies.describe(kid));
        }
        SigningKey key = webhooks.verificationKey(kid.asString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key_id", key.kid());
        body.put("key", key.publicKeyPem());
        body.put("alg", "ES256");
        body.put("created_at", key.createdAt());
        body.put("retired_at", key.retiredAt());
        ctx.json(body);
    }

    private void deliveries(Context ctx) {
        var list = webhooks.deliveries(ApiKeyAuth.orgId(ctx), ctx.pathParam("id"));
        ctx.json(Map.of("deliveries", list.stream().map(WebhookRoutes::view).toList()));
    }

    private void resend(Context ctx) {
        ctx.status(202).json(view(webhooks.resend(ApiKeyAuth.orgId(ctx), ctx.pathParam("id"))));
    }

    private static Map<String, Object> view(Delivery d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", d.id());
        body.put("linkId", d.linkId());
        body.put("event", d.event());
        body.put("url", d.url());
        body.put("status", d.status());
        body.put("resendOf", d.resendOf());
        body.put("payload", Json.mapper().readTree(d.body()));
        body.put("nextAttemptAt", d.nextAttemptAt());
        body.put("createdAt", d.createdAt());
        body.put("attempts", d.attempts().stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", a.number());
            m.put("startedAt", a.startedAt());
            m.put("statusCode", a.statusCode());
            m.put("latencyMs", a.latencyMs());
            m.put("error", a.error());
            m.put("keyId", a.keyId());
            return m;
        }).toList());
        return body;
    }
}
