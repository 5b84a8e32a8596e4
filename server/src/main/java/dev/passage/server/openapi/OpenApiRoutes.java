package dev.passage.server.openapi;

import dev.passage.server.http.HttpServer;
import dev.passage.server.json.Json;
import io.javalin.config.RoutesConfig;
import tools.jackson.databind.JsonNode;

/** {@code GET /openapi.json}: the OpenAPI 3.1 document of this server, built once at start-up. */
public final class OpenApiRoutes implements HttpServer.Routes {
    private final byte[] body;

    public OpenApiRoutes(JsonNode document) {
        this.body = Json.mapper().writeValueAsBytes(document);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(body));
    }
}
