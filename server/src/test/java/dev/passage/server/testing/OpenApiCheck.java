package dev.passage.server.testing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.passage.server.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Holds every answer the API tests get against the server's own OpenAPI document: an operation must
 * document the status it answered with, and a JSON body must match that response's schema (OpenAPI
 * 3.1 schemas are JSON Schema 2020-12, checked with the same validator as everything else).
 */
final class OpenApiCheck {
    private final JsonNode document;
    private final ObjectNode defs;
    private final List<Map.Entry<Pattern, String>> templates;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    OpenApiCheck(JsonNode document) {
        this.document = document;
        this.defs = (ObjectNode) rewrite(document.path("components").path("schemas"));
        this.templates = document.path("paths").propertyNames().stream()
                .map(t -> Map.entry(Pattern.compile("^" + t.replaceAll("\\{[^}]+}", "[^/]+") + "$"), t)).toList();
    }

    /** Fails when {@code status} is not documented for the operation or {@code body} (JSON) does not match. */
    void check(String method, String path, int status, String contentType, String body) {
        Optional<String> template = templates.stream().filter(e -> e.getKey().matcher(path).matches()).map(Map.Entry::getValue)
                .findFirst();
        if (template.isEmpty()) {
            return; // Not part of the API (pages, scripts).
        }
        JsonNode operation = document.path("paths").path(template.get()).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            return; // Not a method of the path: the router's own 404/405.
        }
        JsonNode response = operation.path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            throw new AssertionError(method + " " + template.get() + " answered " + status
                    + ", which the OpenAPI document does not list for it; body: " + abbreviate(body));
        }
        if (response.has("$ref")) {
            String name = response.get("$ref").asString().substring("#/components/responses/".length());
            response = document.path("components").path("responses").path(name);
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode() || contentType == null || !contentType.startsWith("application/json") || body.isEmpty()) {
            return;
        }
        String key = method + " " + template.get() + " " + status;
        Schema compiledSchema = compiled.computeIfAbsent(key, k -> {
            ObjectNode root = (ObjectNode) rewrite(schema);
            root.set("$defs", defs);
            return registry.getSchema(root);
        });
        List<Error> errors = compiledSchema.validate(Json.mapper().readTree(body));
        if (!errors.isEmpty()) {
            throw new AssertionError(key + " does not match the OpenAPI document: " + errors + "; body: " + abbreviate(body));
        }
    }

    /** A copy with {@code #/components/schemas/X} references pointing at {@code #/$defs/X}. */
    private static JsonNode rewrite(JsonNode node) {
        return Json.mapper().readTree(Json.mapper().writeValueAsString(node).replace("#/components/schemas/", "#/$defs/"));
    }

    private static String abbreviate(String body) {
        return body.length() <= 600 ? body : body.substring(0, 600) + "…";
    }
}
