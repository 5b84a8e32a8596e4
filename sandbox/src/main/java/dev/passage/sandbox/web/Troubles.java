package dev.passage.sandbox.web;

import dev.passage.sandbox.TestUser;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * What the troubled test users meet once signed in, the same on every portal: {@code user_outage} an
 * outage (every page and API answers 503), {@code user_redesign} a redesign (every page is a notice
 * that holds none of the portal's usual markup). Sign-in itself works for both.
 */
final class Troubles {
    private static final String OUTAGE_PAGE = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Service unavailable</title></head>
            <body><h1>We'll be right back</h1><p>This service is down for maintenance. Please try again later.</p></body></html>""";
    private static final String REDESIGN_PAGE = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Welcome to the new experience</title></head>
            <body><main class="nx-shell"><h1>Welcome to the new experience</h1>
            <p>We've redesigned your account. Everything you need is still here, just in a new place.</p></main></body></html>""";

    private Troubles() {}

    /** Answers the request for a troubled user, or leaves it to the portal. */
    static void apply(Portal portal, Context ctx) {
        String user = portal.sessions().find(ctx).filter(s -> s.stage() == PortalSession.Stage.SIGNED_IN)
                .map(PortalSession::username).orElse(null);
        boolean asset = ctx.path().startsWith("/assets/") || ctx.path().equals("/favicon.ico");
        if (user == null || asset) {
            return;
        }
        if (user.equals(TestUser.OUTAGE.username())) {
            boolean html = ctx.header("Accept") != null && ctx.header("Accept").contains("text/html");
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
            if (html) {
                ctx.contentType("text/html; charset=utf-8").result(OUTAGE_PAGE);
            } else {
                ctx.json(java.util.Map.of("error", "service_unavailable"));
            }
            ctx.skipRemainingHandlers();
        } else if (user.equals(TestUser.REDESIGN.username()) && ctx.method().name().equals("GET")
                && ctx.header("Accept") != null && ctx.header("Accept").contains("text/html")) {
            ctx.contentType("text/html; charset=utf-8").result(REDESIGN_PAGE);
            ctx.skipRemainingHandlers();
        }
    }
}
