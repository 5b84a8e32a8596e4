package dev.passage.server.orgs;

import dev.passage.server.errors.PassageException;
import dev.passage.server.http.HttpServer;
import dev.passage.server.http.RateLimiter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Guards every /v1 route: a live {@code Bearer psg_…} key, whose organization scopes the request. */
public final class ApiKeyAuth implements HttpServer.Routes {
    private static final String ORG_ATTRIBUTE = "passage.orgId";

    private final OrgService orgs;
    private final RateLimiter perKey;

    /** Authenticates with {@code orgs}; each key gets the requests {@code perKey} allows it. */
    public ApiKeyAuth(OrgService orgs, RateLimiter perKey) {
        this.orgs = orgs;
        this.perKey = perKey;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before("/v1/*", this::authenticate);
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new PassageException.Unauthorized("Missing API key: send Authorization: Bearer psg_<key>.");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new PassageException.Unauthorized("Authorization must use the Bearer scheme with an API key.");
        }
        ApiKey key = orgs.authenticateKey(header.substring(7).strip());
        orgs.recordUse(key);
        RateLimiter.Decision d = perKey.acquire(key.id());
        ctx.header("RateLimit-Limit", Integer.toString(d.limit()));
        ctx.header("RateLimit-Remaining", Integer.toString(d.remaining()));
        ctx.header("RateLimit-Reset", Long.toString(d.resetSeconds()));
        if (!d.allowed()) {
            ctx.header("Retry-After", Long.toString(d.retryAfterSeconds()));
            throw new PassageException.TooManyRequests("This API key made too many requests; retry after "
                    + d.retryAfterSeconds() + " s (api.rate-limit-per-minute).");
        }
        ctx.attribute(ORG_ATTRIBUTE, key.orgId());
    }

    /** The organization the current /v1 request is scoped to. */
    public static String orgId(Context ctx) {
        String orgId = ctx.attribute(ORG_ATTRIBUTE);
        if (orgId == null) {
            throw new PassageException.Unauthorized("Missing API key.");
        }
        return orgId;
    }
}
