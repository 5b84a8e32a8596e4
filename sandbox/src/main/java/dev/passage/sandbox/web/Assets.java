package dev.passage.sandbox.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Serves a portal's scripts and styles from the classpath ({@code assets/<portal>/<file>}) at {@code /assets/<file>}. */
public final class Assets {
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private Assets() {}

    /** Adds {@code GET /assets/{file}} for {@code portal}'s files. */
    public static void register(RoutesConfig routes, String portal) {
        routes.get("/assets/{file}", ctx -> {
            String file = ctx.pathParam("file");
            if (!file.matches("[a-z0-9-]+\\.(js|css)")) {
                throw new NotFoundResponse();
            }
            byte[] bytes = CACHE.computeIfAbsent(portal + "/" + file, Assets::read);
            if (bytes.length == 0) {
                throw new NotFoundResponse();
            }
            ctx.contentType(file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
            ctx.result(bytes);
        });
    }

    private static byte[] read(String path) {
        try (InputStream in = Assets.class.getResourceAsStream("/assets/" + path)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
