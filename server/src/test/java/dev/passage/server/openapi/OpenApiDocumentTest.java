package dev.passage.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.integrations.Operation;
import dev.passage.server.json.Json;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /openapi.json: a valid OpenAPI 3.1 document of exactly the routes the server registers. */
@PassageServer
class OpenApiDocumentTest {
    TestServer server;

    private JsonNode document() {
        TestServer.Response r = server.get("/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    @Test
    void the_document_is_valid_openapi_3_1_for_a_validator_library() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(server.get("/openapi.json", null).body(), null, options);

        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/v1/links", "/v1/links/{id}", "/link/claim");
        assertThat(parsed.getOpenAPI().getWebhooks()).containsKeys("link.complete", "link.failed");
    }

    @Test
    void every_route_the_server_registers_is_in_the_document_and_nothing_else() {
        List<String> documented = OpenApiDocument.operations(document());
        // The two websockets count as the GETs that upgrade them (answering 101).
        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                server.passage.routes().stream().filter(OpenApiDocument::describes).toList());
    }

    @Test
    void the_dashboard_and_the_pages_own_files_are_the_only_routes_left_out() {
        List<String> left = server.passage.routes().stream().filter(r -> !OpenApiDocument.describes(r)).toList();
        assertThat(left).isNotEmpty().allMatch(r -> r.contains(" /dashboard") || r.contains(" /assets/"));
        assertThat(OpenApiDocument.operations(document()))
                .contains("GET /clip", "GET /link/info", "GET /link/qr.svg", "GET /sdk/passage.js", "GET /sdk/passage.mjs")
                .noneMatch(r -> r.contains("/dashboard") || r.contains("/assets/") || r.contains("/link/app-clip"));
    }

    @Test
    void every_public_operation_lists_the_errors_it_can_answer() {
        JsonNode paths = document().path("paths");
        assertThat(paths.at("/~1v1~1links/post/responses").propertyNames())
                .contains("201", "400", "401", "413", "415", "422", "429");
        assertThat(paths.at("/~1link~1claim/post/responses").propertyNames())
                .contains("200", "400", "404", "409", "410", "429", "502");
        paths.properties().forEach(p -> p.getValue().properties().forEach(op -> assertThat(op.getValue().path("responses")
                .propertyNames()).as(op.getKey() + " " + p.getKey()).isNotEmpty()));
    }

    @Test
    void every_integrations_argument_and_result_schemas_are_components() {
        JsonNode schemas = document().path("components").path("schemas");
        for (Integration integration : IntegrationRegistry.load(Optional.empty()).all()) {
            for (Integration.Resource r : integration.resources()) {
                for (Operation o : r.operations()) {
                    String name = integration.id() + "." + r.name() + "." + o.action();
                    assertThat(schemas.has(name + ".result")).as(name).isTrue();
                    assertThat(schemas.has(name + ".arguments")).as(name).isEqualTo(o.argumentsSchema() != null);
                }
            }
        }
        assertThat(schemas.path("OperationResult").path("anyOf").size()).isGreaterThanOrEqualTo(11);
    }

    @Test
    void production_documents_no_sandbox_routes_and_names_its_public_url() {
        try (TestServer production = TestServer.start("sqlite", Map.of("env", "production",
                "public-url", "https://connect.example.com"))) {
            JsonNode doc = Json.mapper().readTree(production.get("/openapi.json", null).body());
            assertThat(doc.path("paths").propertyNames()).noneMatch(p -> p.startsWith("/v1/sandbox/"));
            assertThat(doc.at("/servers/0/url").asString()).isEqualTo("https://connect.example.com");
        }
    }
}
