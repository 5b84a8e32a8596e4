package dev.passage.server.orgs;

import dev.passage.server.errors.PassageException;
import dev.passage.server.http.HttpServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Guards every /v1 route: a live {@code Bearer psg_…} key, whose organization scopes the request. */
public final class ApiKeyAuth implements HttpServer.Routes {
    private static final String ORG_ATTRIBUTE = "passage.orgId";

    private final OrgService orgs;

    public ApiKeyAuth(OrgService orgs) {
        this.orgs = orgs;
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
