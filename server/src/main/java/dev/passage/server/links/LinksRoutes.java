package dev.passage.server.links;

import dev.passage.server.errors.Issues;
import dev.passage.server.http.HttpServer;
import dev.passage.server.http.RequestBodies;
import dev.passage.server.orgs.ApiKeyAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /v1/links}: create, read and list link intents, in the SPEC's wire shapes. */
public final class LinksRoutes implements HttpServer.Routes {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final String CURSOR_VERSION = "v1";

    private final LinkService links;
    private final java.util.function.Function<String, Object> traces;

    public LinksRoutes(LinkService links) {
        this(links, id -> Map.of("linkId", id, "sessions", List.of()));
    }

    /** With {@code traces} reading a link's debug traces by link id. */
    public LinksRoutes(LinkService links, java.util.function.Function<String, Object> traces) {
        this.links = links;
        this.traces = traces;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/links", this::create);
        routes.get("/v1/links", this::list);
        routes.get("/v1/links/{id}", this::get);
        routes.get("/v1/links/{id}/trace", this::trace);
    }

    private void create(Context ctx) {
        CreatedLink created = links.create(ApiKeyAuth.orgId(ctx), RequestBodies.jsonObject(ctx));
        Link link = created.link();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("linkId", link.id());
        body.put("claimCode", created.claimCode());
        body.put("integrationId", link.integrationId());
        body.put("operations", operations(link));
        body.put("resource", link.operations().getFirst().resource());
        body.put("action", link.operations().getFirst().action());
        body.put("status", link.status().wire());
        body.put("appClipUrl", created.appClipUrl());
        body.put("expiresAt", link.expiresAt());
        body.put("createdAt", link.createdAt());
        ctx.status(201).json(body);
    }

    private void get(Context ctx) {
        ctx.json(view(links.get(ApiKeyAuth.orgId(ctx), ctx.pathParam("id")), true));
    }

    /** The debug traces of the organization's link (404 for another organization's or an unknown link). */
    private void trace(Context ctx) {
        Link link = links.get(ApiKeyAuth.orgId(ctx), ctx.pathParam("id"));
        ctx.json(traces.apply(link.id()));
    }

    private void list(Context ctx) {
        LinkQuery query = query(ctx);
        LinkPage page = links.list(query);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", page.links().stream().map(l -> view(l, false)).toList());
        body.put("nextCursor", page.next().map(LinksRoutes::encodeCursor).orElse(null));
        ctx.json(body);
    }

    private static LinkQuery query(Context ctx) {
        Issues issues = new Issues();
        int limit = DEFAULT_LIMIT;
        String rawLimit = ctx.queryParam("limit");
        if (rawLimit != null) {
            try {
                limit = Integer.parseInt(rawLimit);
                if (limit < 1 || limit > MAX_LIMIT) {
                    issues.add("limit", "must be from 1 to " + MAX_LIMIT);
                }
            } catch (NumberFormatException e) {
                issues.add("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        Optional<LinkStatus> status = Optional.empty();
        String rawStatus = ctx.queryParam("status");
        if (rawStatus != null) {
            status = LinkStatus.parse(rawStatus);
            if (status.isEmpty()) {
                issues.add("status", "must be one of pending, active, complete, failed, expired");
            }
        }
        Optional<LinkQuery.Cursor> cursor = Optional.empty();
        String rawCursor = ctx.queryParam("cursor");
        if (rawCursor != null) {
            cursor = decodeCursor(rawCursor);
            if (cursor.isEmpty()) {
                issues.add("cursor", "is not a cursor this API returned");
            }
        }
        issues.throwIfAny();
        return new LinkQuery(ApiKeyAuth.orgId(ctx), limit, cursor, status,
                nonEmpty(ctx.queryParam("integrationId")), nonEmpty(ctx.queryParam("externalUserId")));
    }

    private static Optional<String> nonEmpty(String value) {
        return Optional.ofNullable(value).filter(s -> !s.isEmpty());
    }

    static String encodeCursor(LinkQuery.Cursor cursor) {
        String raw = CURSOR_VERSION + ":" + cursor.createdAt() + ":" + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<LinkQuery.Cursor> decodeCursor(String encoded) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 3);
            if (parts.length != 3 || !parts[0].equals(CURSOR_VERSION) || !parts[2].startsWith("link_")) {
                return Optional.empty();
            }
            return Optional.of(new LinkQuery.Cursor(Long.parseLong(parts[1]), parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<Map<String, String>> operations(Link link) {
        return link.operations().stream()
                .map(op -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("resource", op.resource());
                    m.put("action", op.action());
                    return m;
                })
                .toList();
    }

    private static Map<String, Object> view(Link link, boolean withOutcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", link.id());
        body.put("integrationId", link.integrationId());
        body.put("operations", operations(link));
        body.put("resource", link.operations().getFirst().resource());
        body.put("action", link.operations().getFirst().action());
        body.put("externalUserId", link.externalUserId());
        body.put("status", link.status().wire());
        body.put("currentSessionId", link.currentSessionId());
        if (withOutcome) {
            body.put("result", link.result());
            body.put("error", link.error());
        }
        body.put("expiresAt", link.expiresAt());
        body.put("createdAt", link.createdAt());
        body.put("updatedAt", link.updatedAt());
        return body;
    }
}
