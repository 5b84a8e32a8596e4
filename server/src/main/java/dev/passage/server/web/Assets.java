package dev.passage.server.web;

import dev.passage.server.http.HttpServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files pages and integrators load from this server: the one stylesheet (dashboard, link page and
 * the web SDK's modal), the pages' scripts, the vendored htmx, and the web SDK as a classic script
 * ({@code /sdk/passage.js}, one global {@code Passage}) and as an ES module ({@code /sdk/passage.mjs}),
 * both made at start-up from one source. Public and cacheable; the SDK files and the stylesheet may be
 * loaded from any origin (they hold nothing secret).
 */
public final class Assets implements HttpServer.Routes {
    static final String HTMX = "vendor/htmx-2.0.11.min.js";
    private static final Map<String, Asset> FILES = load();

    record Asset(String path, String contentType, byte[] body, String etag, boolean anyOrigin) {}

    /** The URL of asset {@code name} (e.g. {@code passage.css}), versioned so a new build is fetched at once. */
    public static String url(String name) {
        Asset a = FILES.get("/assets/" + name);
        if (a == null) {
            throw new IllegalArgumentException("No asset " + name);
        }
        return a.path() + "?v=" + a.etag().substring(1, 11);
    }

    @Override
    public void register(RoutesConfig routes) {
        FILES.values().forEach(a -> routes.get(a.path(), ctx -> serve(ctx, a)));
    }

    private static void serve(Context ctx, Asset a) {
        ctx.header("ETag", a.etag());
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (a.anyOrigin()) {
            ctx.header("Access-Control-Allow-Origin", "*");
        }
        if (a.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.contentType()).result(a.body());
    }

    /** The web SDK's size as served (for the docs' claim and its test). */
    static int sdkBytes() {
        return FILES.get("/sdk/passage.js").body().length;
    }

    private static Map<String, Asset> load() {
        Map<String, Asset> files = new LinkedHashMap<>();
        put(files, "/assets/passage.css", "text/css; charset=utf-8", read("web/passage.css"), true);
        put(files, "/assets/pages.js", "text/javascript; charset=utf-8", read("web/pages.js"), false);
        put(files, "/assets/" + HTMX, "text/javascript; charset=utf-8", read("web/" + HTMX), false);
        String core = new String(read("web/sdk/passage.core.js"), StandardCharsets.UTF_8);
        // One source, two forms: the classic script learns its own URL from document.currentScript, the
        // module from import.meta.url (which a classic script may not even mention).
        String classic = "/*! Passage Connect web SDK (classic script: one global, Passage). */\n"
                + "(function (SCRIPT_URL) {\n\"use strict\";\n" + core
                + "\nif (typeof window !== \"undefined\" && !window.Passage) { window.Passage = Passage; }\n"
                + "})(typeof document !== \"undefined\" && document.currentScript ? document.currentScript.src : \"\");\n";
        String module = "/*! Passage Connect web SDK (ES module: import Passage from \".../sdk/passage.mjs\"). */\n"
                + "const SCRIPT_URL = import.meta.url;\n" + core
                + "\nexport default Passage;\nexport const open = Passage.open;\n";
        put(files, "/sdk/passage.js", "text/javascript; charset=utf-8", classic.getBytes(StandardCharsets.UTF_8), true);
        put(files, "/sdk/passage.mjs", "text/javascript; charset=utf-8", module.getBytes(StandardCharsets.UTF_8), true);
        return Map.copyOf(files);
    }

    private static void put(Map<String, Asset> files, String path, String type, byte[] body, boolean anyOrigin) {
        files.put(path, new Asset(path, type, body, "\"" + sha256(body).substring(0, 32) + "\"", anyOrigin));
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The build lacks " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
