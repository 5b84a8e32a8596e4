package dev.passage.server.links;

import dev.passage.server.errors.Issues;
import dev.passage.server.http.IdempotentReplies;
import dev.passage.server.idempotency.IdempotencyService;
import dev.passage.server.http.HttpServer;
import dev.passage.server.http.RequestBodies;
import dev.passage.server.orgs.ApiKeyAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** {@code /v1/links}: create, read and list link intents, in the API reference's wire shapes. */
public final class LinksRoutes implements HttpServer.Routes {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final String CURSOR_VERSION = "v1";

    private final LinkService links;
    private final IdempotencyService idempotency;

    public LinksRoutes(LinkService links, IdempotencyService idempotency) {
        this.links = links;
        this.idempotency = idempotency;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/links", this::create);
        routes.get("/v1/links", this::list);
        routes.get("/v1/links/{id}", this::get);
    }

    private void create(Context ctx) {
        String orgId = ApiKeyAuth.orgId(ctx);
        ObjectNode body = RequestBodies.jsonObject(ctx);
        IdempotentReplies.write(ctx, idempotency.run(orgId, "POST /v1/links", IdempotentReplies.key(ctx), body,
                () -> IdempotencyService.Reply.of(201, LinkViews.Created.of(links.create(orgId, body)))));
    }

    private void get(Context ctx) {
        ctx.json(LinkViews.View.of(links.get(ApiKeyAuth.orgId(ctx), ctx.pathParam("id")), true));
    }

    private void list(Context ctx) {
        LinkPage page = links.list(query(ctx));
        ctx.json(new LinkViews.Page(page.links().stream().map(l -> LinkViews.View.of(l, false)).toList(),
                page.next().map(LinksRoutes::encodeCursor).orElse(null)));
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

    /** The opaque cursor of {@code cursor}, as {@code nextCursor} carries it (the dashboard pages with the same). */
    public static String encodeCursor(LinkQuery.Cursor cursor) {
        String raw = CURSOR_VERSION + ":" + cursor.createdAt() + ":" + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The position an opaque cursor names; empty for anything this API did not hand out. */
    public static Optional<LinkQuery.Cursor> decodeCursor(String encoded) {
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

}
