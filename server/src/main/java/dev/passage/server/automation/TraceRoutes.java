package dev.passage.server.automation;

import dev.passage.server.http.HttpServer;
import dev.passage.server.links.Link;
import dev.passage.server.links.LinkService;
import dev.passage.server.orgs.ApiKeyAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /v1/links/:id/trace}: the debug traces of the organization's link (404 for another's or an unknown link). */
public final class TraceRoutes implements HttpServer.Routes {
    private final LinkService links;
    private final TraceRepository traces;

    public TraceRoutes(LinkService links, TraceRepository traces) {
        this.links = links;
        this.traces = traces;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/links/{id}/trace", this::trace);
    }

    private void trace(Context ctx) {
        Link link = links.get(ApiKeyAuth.orgId(ctx), ctx.pathParam("id"));
        ctx.json(traces.forLink(link.id()));
    }
}
