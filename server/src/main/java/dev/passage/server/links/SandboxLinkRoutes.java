package dev.passage.server.links;

import dev.passage.protocol.ErrorCode;
import dev.passage.protocol.FailureReason;
import dev.passage.server.errors.Issues;
import dev.passage.server.http.HttpServer;
import dev.passage.server.http.RequestBodies;
import dev.passage.server.json.Json;
import dev.passage.server.orgs.ApiKeyAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sandbox conveniences for integrators' own tests (sandbox mode only; these routes do not exist in
 * production): {@code POST /v1/sandbox/links/:id/complete} ({@code {"result"?}}) and
 * {@code POST /v1/sandbox/links/:id/fail} ({@code {"code"?, "reason"?, "message"?}}) drive a pending or
 * failed link to its end without a browser, through the same path as a session's end: the status
 * event, the webhook, the log line.
 */
public final class SandboxLinkRoutes implements HttpServer.Routes {
    private final LinkService links;

    public SandboxLinkRoutes(LinkService links) {
        this.links = links;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/sandbox/links/{id}/complete", this::complete);
        routes.post("/v1/sandbox/links/{id}/fail", this::fail);
    }

    private void complete(Context ctx) {
        ObjectNode body = optionalBody(ctx, Set.of("result"));
        JsonNode result = body.get("result");
        ctx.json(LinkViews.View.of(links.completeInSandbox(ApiKeyAuth.orgId(ctx), ctx.pathParam("id"),
                result == null || result.isNull() ? null : result), true));
    }

    private void fail(Context ctx) {
        ObjectNode body = optionalBody(ctx, Set.of("code", "reason", "message"));
        Issues issues = new Issues();
        ErrorCode code = text(body, "code", issues) == null ? ErrorCode.AUTOMATION_ERROR
                : ErrorCode.parse(body.get("code").asString()).orElseGet(() -> {
                    issues.add("code", "must be one of " + java.util.Arrays.toString(ErrorCode.values()));
                    return ErrorCode.AUTOMATION_ERROR;
                });
        FailureReason reason = text(body, "reason", issues) == null ? FailureReason.defaultFor(code)
                : FailureReason.parse(body.get("reason").asString()).orElseGet(() -> {
                    issues.add("reason", "must be one of " + java.util.Arrays.stream(FailureReason.values())
                            .map(FailureReason::wire).toList());
                    return FailureReason.AUTOMATION_FAILED;
                });
        String message = text(body, "message", issues);
        if (message != null && message.length() > 500) {
            issues.add("message", "must be at most 500 characters");
        }
        issues.throwIfAny();
        ctx.json(LinkViews.View.of(links.failInSandbox(ApiKeyAuth.orgId(ctx), ctx.pathParam("id"), new Link.LinkError(
                code.name(), message == null ? "Failed in the sandbox." : message, reason.wire())), true));
    }

    /** The body as an object of {@code fields}, or an empty object when none was sent. */
    private static ObjectNode optionalBody(Context ctx, Set<String> fields) {
        ObjectNode body = ctx.bodyAsBytes().length == 0 ? Json.mapper().createObjectNode() : RequestBodies.jsonObject(ctx);
        Issues issues = new Issues();
        body.propertyNames().stream().filter(f -> !fields.contains(f)).sorted()
                .forEach(f -> issues.add(f, "is not a known field"));
        issues.throwIfAny();
        return body;
    }

    private static String text(ObjectNode body, String field, Issues issues) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            issues.add(field, "must be a string, not " + Json.describe(v));
            return null;
        }
        return v.asString();
    }
}
