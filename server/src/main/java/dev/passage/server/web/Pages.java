package dev.passage.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * The server's HTML pages (the dashboard and the link page): JTE templates compiled at build time
 * from {@code src/main/jte}, and the headers every page carries. Nothing on a page loads from
 * anywhere but this server, and the policy says so.
 */
public final class Pages {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Pages.class.getClassLoader(), "dev.passage.server.web.jte");
    /** Trace screenshots are served by the dashboard itself; data: covers nothing but the QR fallback. */
    static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private Pages() {}

    /** Renders template {@code name} with {@code params} (name, value pairs; values may be null) as the response. */
    public static void render(Context ctx, int status, String name, Object... params) {
        if (params.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in name, value pairs");
        }
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        StringOutput out = new StringOutput();
        ENGINE.render(name, map, out);
        secure(ctx);
        ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
    }

    /** The {@code hx-headers} of a signed-in page, so every htmx request carries the CSRF token; null (no attribute) otherwise. */
    public static String csrfHeaders(String csrf) {
        return csrf == null ? null : "{\"X-CSRF-Token\":\"" + csrf + "\"}";
    }

    /**
     * Headers for a page: no framing, no sniffing, no referrer (page URLs carry claim codes and
     * invitation tokens), not cached (pages show live, per-person data).
     */
    public static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }
}
