package dev.passage.server.webhooks;

import dev.passage.server.errors.ValidationException;
import dev.passage.server.links.Link;
import dev.passage.server.links.LinkService;
import dev.passage.server.http.HttpServer;
import dev.passage.server.http.IdempotentReplies;
import dev.passage.server.idempotency.IdempotencyService;
import dev.passage.server.json.Json;
import dev.passage.server.http.RequestBodies;
import dev.passage.server.orgs.ApiKeyAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /webhook_verification_key/get} (public) and a link's deliveries under
 * {@code /v1/links/:id/webhooks} (API key, organization-scoped).
 */
public final class WebhookRoutes implements HttpServer.Routes {
    private final WebhookService webhooks;
    private final LinkService links;
    private final IdempotencyService idempotency;

    public WebhookRoutes(WebhookService webhooks, LinkService links, IdempotencyService idempotency) {
        this.webhooks = webhooks;
        this.links = links;
        this.idempotency = idempotency;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/webhook_verification_key/get", this::verificationKey);
        routes.get("/v1/links/{id}/webhooks", this::deliveries);
        routes.post("/v1/links/{id}/webhooks/resend", this::resend);
    }

    /** {@code POST /webhook_verification_key/get} → 200. */
    record VerificationKey(String key_id, String key, String algorithm, long created_at, Long retired_at) {}

    /** A delivery with every attempt, as {@code /v1/links/:id/webhooks} lists it. */
    record DeliveryView(String id, String linkId, String event, String url, String status, String resendOf,
                        JsonNode payload, Long nextAttemptAt, long createdAt, java.util.List<Delivery.Attempt> attempts) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id(), d.linkId(), d.event(), d.url(), d.status(), d.resendOf(),
                    Json.mapper().readTree(d.body()), d.nextAttemptAt(), d.createdAt(), d.attempts());
        }
    }

    /** {@code GET /v1/links/:id/webhooks}. */
    record Deliveries(java.util.List<DeliveryView> deliveries) {}

    private void verificationKey(Context ctx) {
        JsonNode kid = RequestBodies.jsonObject(ctx).get("key_id");
        if (kid == null || kid.isNull()) {
            throw ValidationException.of("key_id", "is required: the kid of the X-Passage-Signature header");
        }
        if (!kid.isString() || kid.asString().isBlank()) {
            throw ValidationException.of("key_id", "must be a non-empty string, not " + Json.describe(kid));
        }
        SigningKey key = webhooks.verificationKey(kid.asString());
        ctx.json(new VerificationKey(key.kid(), key.publicKeyPem(), "ES256", key.createdAt(), key.retiredAt()));
    }

    private void deliveries(Context ctx) {
        String orgId = ApiKeyAuth.orgId(ctx);
        Link link = links.get(orgId, ctx.pathParam("id"));
        ctx.json(new Deliveries(webhooks.deliveries(orgId, link.id()).stream().map(DeliveryView::of).toList()));
    }

    private void resend(Context ctx) {
        String orgId = ApiKeyAuth.orgId(ctx);
        Link link = links.get(orgId, ctx.pathParam("id"));
        IdempotentReplies.write(ctx, idempotency.run(orgId, "POST /v1/links/" + link.id() + "/webhooks/resend",
                IdempotentReplies.key(ctx), Json.mapper().nullNode(),
                () -> IdempotencyService.Reply.of(202, DeliveryView.of(webhooks.resend(orgId, link.id())))));
    }
}
