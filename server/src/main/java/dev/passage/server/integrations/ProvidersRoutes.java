package dev.passage.server.integrations;

import dev.passage.server.http.HttpServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/providers}: every integration with the JSON Schemas of its operations. */
public final class ProvidersRoutes implements HttpServer.Routes {
    /** {@code {"providers": [...]}}. */
    record Providers(List<Provider> providers) {}

    /** One integration. */
    record Provider(String id, String name, List<ResourceView> resources) {}

    /** A resource with its operations keyed by action. */
    record ResourceView(String name, Map<String, OperationView> operations) {}

    /** An operation: what it does, its arguments' and its result's JSON Schemas (null: none). */
    record OperationView(String description, JsonNode arguments, JsonNode result) {}

    private final Providers body;

    public ProvidersRoutes(IntegrationRegistry registry) {
        // The registry never changes while the server runs: build the answer once.
        this.body = new Providers(registry.all().stream().map(ProvidersRoutes::provider).toList());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/providers", this::list);
    }

    private void list(Context ctx) {
        ctx.json(body);
    }

    private static Provider provider(Integration integration) {
        return new Provider(integration.id(), integration.name(), integration.resources().stream().map(resource -> {
            Map<String, OperationView> operations = new LinkedHashMap<>();
            for (Operation op : resource.operations()) {
                operations.put(op.action(), new OperationView(op.description(), op.argumentsSchema(), op.resultSchema()));
            }
            return new ResourceView(resource.name(), operations);
        }).toList());
    }
}
