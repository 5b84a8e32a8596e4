package dev.passage.server.openapi;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.integrations.Operation;
import dev.passage.server.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 document of this server ({@code GET /openapi.json}): the endpoints and wire shapes
 * written once in {@code openapi/passage.openapi.json}, completed at start-up with what this server
 * knows: its public URL, the errors every endpoint can answer (400 for a request the HTTP layer cannot
 * read, 401 and 429 on {@code /v1}, 413 and 415 where a body is read), every integration's argument and result schemas, and no sandbox routes in
 * production. A test checks it against the routes the server registers ({@link #describes}: all but the
 * dashboard's pages and the pages' own files).
 */
public final class OpenApiDocument {
    private static final String BASE = "/openapi/passage.openapi.json";

    private OpenApiDocument() {}

    /** The document for this configuration and these integrations. */
    public static ObjectNode build(PassageConfig config, IntegrationRegistry integrations) {
        ObjectNode doc = base();
        doc.putArray("servers").addObject().put("url", config.publicUrl().toString());
        ObjectNode paths = (ObjectNode) doc.get("paths");
        if (config.isProduction()) {
            List<String> sandbox = paths.propertyNames().stream().filter(p -> p.startsWith("/v1/sandbox/")).toList();
            sandbox.forEach(paths::remove);
        }
        for (String path : List.copyOf(paths.propertyNames())) {
            ObjectNode item = (ObjectNode) paths.get(path);
            for (String method : List.copyOf(item.propertyNames())) {
                addErrors(path, (ObjectNode) item.get(method));
            }
        }
        addIntegrationSchemas((ObjectNode) doc.path("components").path("schemas"), integrations);
        return doc;
    }

    /** Every error the operation can answer, by reference to the shared error responses. */
    private static void addErrors(String path, ObjectNode operation) {
        Set<String> errors = new LinkedHashSet<>();
        // Any request the HTTP layer cannot read (a URI it will not decode, a header it will not parse) is a 400.
        errors.add("400");
        operation.path("x-passage-errors").forEach(e -> errors.add(e.asString()));
        operation.remove("x-passage-errors");
        boolean apiKey = !operation.has("security");
        if (apiKey) {
            errors.add("401");
            errors.add("429");
        }
        if (operation.has("requestBody")) {
            errors.add("413");
            errors.add("415");
        }
        ObjectNode responses = (ObjectNode) operation.get("responses");
        // A response the document spells out itself (a page's HTML 400) stays as written.
        errors.stream().sorted().filter(code -> !responses.has(code))
                .forEach(code -> responses.putObject(code).put("$ref", "#/components/responses/" + code));
    }

    /**
     * Whether the document describes {@code route} ({@code METHOD path}, as the server lists its
     * routes): everything but the dashboard ({@code /dashboard…}, pages for signed-in people) and the
     * pages' own stylesheet and scripts ({@code /assets/…}), which are not API.
     */
    public static boolean describes(String route) {
        String path = route.substring(route.indexOf(' ') + 1);
        return !(path.equals("/dashboard") || path.startsWith("/dashboard/") || path.startsWith("/assets/"));
    }

    /**
     * {@code <integration>.<resource>.<action>.arguments} and {@code .result} for every operation, and
     * {@code OperationResult}, any one of the result schemas (what a link's result holds).
     */
    private static void addIntegrationSchemas(ObjectNode schemas, IntegrationRegistry integrations) {
        ArrayNode anyResult = Json.mapper().createArrayNode();
        for (Integration integration : integrations.all()) {
            for (Integration.Resource resource : integration.resources()) {
                for (Operation op : resource.operations()) {
                    String name = integration.id() + "." + resource.name() + "." + op.action();
                    if (op.argumentsSchema() != null) {
                        schemas.set(name + ".arguments", embeddable(op.argumentsSchema()));
                    }
                    if (op.resultSchema() != null) {
                        schemas.set(name + ".result", embeddable(op.resultSchema()));
                        anyResult.addObject().put("$ref", "#/components/schemas/" + name + ".result");
                    }
                }
            }
        }
        ObjectNode result = schemas.putObject("OperationResult");
        result.put("description", "One operation's result: see the integration's <integration>.<resource>.<action>.result.");
        result.set("anyOf", anyResult);
    }

    /** A JSON Schema document as a component: its own {@code $schema} goes (the document's dialect is 2020-12). */
    private static JsonNode embeddable(JsonNode schema) {
        ObjectNode copy = (ObjectNode) schema.deepCopy();
        copy.remove("$schema");
        copy.remove("$id");
        return copy;
    }

    private static ObjectNode base() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(BASE)) {
            if (in == null) {
                throw new IllegalStateException(BASE + " is missing from the build");
            }
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The paths of the document as {@code METHOD path}, for the check against the registered routes. */
    public static List<String> operations(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.path("paths").properties().forEach(p -> p.getValue().propertyNames()
                .forEach(m -> out.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
        return out;
    }
}
