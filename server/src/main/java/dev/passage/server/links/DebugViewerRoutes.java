package dev.passage.server.links;

import dev.passage.server.errors.PassageException;
import dev.passage.server.http.HttpServer;
import dev.passage.server.orgs.ApiKeyAuth;
import dev.passage.server.sessions.SessionService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code POST /v1/links/:id/debug-viewer}: a read-only view of a debug link's running session for its
 * organization: a fresh {@code dt_} token and where to connect with it (role {@code debug}). The token
 * sees every message in its envelope, secret values taken out; it can send nothing but its hello.
 */
public final class DebugViewerRoutes implements HttpServer.Routes {
    /** {@code POST /v1/links/:id/debug-viewer} → 201. */
    record DebugViewer(String sessionId, String websocketUrl, String token) {}

    private final LinkService links;
    private final SessionService sessions;

    public DebugViewerRoutes(LinkService links, SessionService sessions) {
        this.links = links;
        this.sessions = sessions;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/links/{id}/debug-viewer", this::viewer);
    }

    private void viewer(Context ctx) {
        Link link = links.get(ApiKeyAuth.orgId(ctx), ctx.pathParam("id"));
        if (!link.debug()) {
            throw new PassageException.Conflict("The link was not created with \"debug\": true; it has no debug viewer.");
        }
        if (link.status() != LinkStatus.ACTIVE || link.currentSessionId() == null) {
            throw new PassageException.Conflict("The link has no running session to watch.");
        }
        String token = sessions.issueDebugToken(link.currentSessionId())
                .orElseThrow(() -> new PassageException.Conflict("The link's session has just ended."));
        ctx.status(201).json(new DebugViewer(link.currentSessionId(), sessions.websocketUrl(link.currentSessionId()), token));
    }
}
