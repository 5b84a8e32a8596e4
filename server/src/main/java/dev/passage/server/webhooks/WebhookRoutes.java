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

    /** The routes that exist in sandbox mode only: a signed test webhook sent to any URL. */
    public HttpServer.Routes sandbox(dev.passage.server.integrations.IntegrationRegistry integrations) {
        return routes -> routes.post("/v1/sandbox/webhooks/test", ctx -> {
            var body = RequestBodies.jsonObject(ctx);
            var issues = new dev.passage.server.errors.Issues();
            body.propertyNames().stream().filter(f -> !f.equals("url") && !f.equals("event")).sorted()
                    .forEach(f -> issues.add(f, "is not a known field"));
            JsonNode url = body.get("url");
            if (url == null || !url.isString() || !(url.asString().startsWith("http://") || url.asString().startsWith("https://"))) {
                issues.add("url", "is required: the http(s) URL to send the test webhook to");
            }
            JsonNode event = body.get("event");
            String name = event == null || event.isNull() ? WebhookEvent.COMPLETE : event.isString() ? event.asString() : "";
            if (!name.equals(WebhookEvent.COMPLETE) && !name.equals(WebhookEvent.FAILED)) {
                issues.add("event", "must be link.complete or link.failed");
            }
            issues.throwIfAny();
            JsonNode sample = integrations.all().stream().flatMap(i -> i.operation("paymentMethod", "read").stream())
                    .flatMap(op -> op.resultExample().stream()).findFirst().orElse(Json.mapper().createObjectNode());
            try {
                ctx.json(webhooks.sendTest(url.asString(), name, sample));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.passage.server.errors.PassageException.Upstream("Interrupted while sending the test webhook.");
            }
        });
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
