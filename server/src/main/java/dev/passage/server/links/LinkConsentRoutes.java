package dev.passage.server.links;

import dev.passage.server.errors.PassageException;
import dev.passage.server.http.HttpServer;
import dev.passage.server.http.AddressLimiter;
import dev.passage.server.http.RequestBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /link/info?code=…} and {@code POST /link/decline}: public (the claim code is the secret),
 * so rate-limited per client address like claims. The link page, the extension's consent page and
 * the web SDK's modal (on the integrator's own origin, so any origin may read it: no cookie is
 * involved) all read a link's words from {@code /link/info}.
 */
public final class LinkConsentRoutes implements HttpServer.Routes {
    /** {@code POST /link/decline} → 200. */
    record Declined(String linkId, String status, Link.LinkError error) {}

    private final LinkConsentService consent;
    private final AddressLimiter limiter;

    public LinkConsentRoutes(LinkConsentService consent, AddressLimiter limiter) {
        this.consent = consent;
        this.limiter = limiter;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/link/info", this::info);
        routes.post("/link/decline", this::decline);
    }

    private void info(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Cache-Control", "no-store");
        limit(ctx);
        String code = ctx.queryParam("code");
        if (code == null || code.isEmpty()) {
            throw new PassageException.BadRequest("code is required: the claim code (clm_…) from the link.");
        }
        ctx.json(consent.info(code));
    }

    private void decline(Context ctx) {
        limit(ctx);
        JsonNode code = RequestBodies.jsonObject(ctx).get("code");
        if (code == null || !code.isString() || code.asString().isEmpty()) {
            throw new PassageException.BadRequest("code is required: the claim code (clm_…) from the link.");
        }
        Link link = consent.decline(code.asString());
        ctx.json(new Declined(link.id(), link.status().wire(), link.error()));
    }

    private void limit(Context ctx) {
        limiter.check(ctx);
    }
}
