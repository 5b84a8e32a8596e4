package dev.passage.server.integrations;

import dev.passage.server.http.HttpServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/providers}: every integration with the JSON Schemas of its operations. */
public final class ProvidersRoutes implements HttpServer.Routes {
    private final Map<String, Object> body;

    public ProvidersRoutes(IntegrationRegistry registry) {
        // The registry never changes while the server runs: build the answer once.
        this.body = Map.of("providers", registry.all().stream().map(ProvidersRoutes::provider).toList());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/providers", this::list);
    }

    private void list(Context ctx) {
        ctx.json(body);
    }

    private static Map<String, Object> provider(Integration integration) {
        List<Map<String, Object>> resources = integration.resources().stream().map(resource -> {
            Map<String, Object> operations = new LinkedHashMap<>();
            for (Operation op : resource.operations()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("description", op.description());
                entry.put("arguments", op.argumentsSchema());
                entry.put("result", op.resultSchema());
                operations.put(op.action(), entry);
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", resource.name());
            r.put("operations", operations);
            return r;
        }).toList();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", integration.id());
        p.put("name", integration.name());
        p.put("resources", resources);
        return p;
    }
}
