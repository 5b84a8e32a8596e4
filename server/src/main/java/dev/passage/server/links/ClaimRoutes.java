package dev.passage.server.links;

import dev.passage.server.errors.PassageException;
import dev.passage.server.http.HttpServer;
import dev.passage.server.http.AddressLimiter;
import dev.passage.server.metrics.Metrics;
import dev.passage.server.http.RequestBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;

/** {@code POST /link/claim}: public, so rate-limited per client address against guessing codes. */
public final class ClaimRoutes implements HttpServer.Routes {
    private final ClaimService claims;
    private final AddressLimiter limiter;
    private final Metrics metrics;

    public ClaimRoutes(ClaimService claims, AddressLimiter limiter, Metrics metrics) {
        this.claims = claims;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/link/claim", this::claim);
    }

    private void claim(Context ctx) {
        try {
            claimed(ctx);
            metrics.claim("claimed");
        } catch (PassageException e) {
            metrics.claim(switch (e) {
                case PassageException.NotFound n -> "not_found";
                case PassageException.Conflict c -> "conflict";
                case PassageException.Gone g -> "expired";
                case PassageException.TooManyRequests t -> "rate_limited";
                case PassageException.Upstream u -> "session_not_started";
                default -> "bad_request";
            });
            throw e;
        }
    }

    private void claimed(Context ctx) {
        limiter.check(ctx);
        JsonNode code = RequestBodies.jsonObject(ctx).get("code");
        if (code == null || !code.isString() || code.asString().isEmpty()) {
            throw new PassageException.BadRequest("code is required: the claim code (clm_…) from the link.");
        }
        ctx.json(claims.claim(code.asString()));
    }
}
