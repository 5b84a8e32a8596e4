package dev.passage.server.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passage.server.config.ConfigException;
import dev.passage.server.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrationRegistryTest {
    @TempDir
    Path dir;

    @Test
    void every_operations_example_result_matches_its_own_result_schema() {
        for (Integration integration : IntegrationRegistry.load(java.util.Optional.empty()).all()) {
            for (Integration.Resource r : integration.resources()) {
                for (Operation o : r.operations()) {
                    assertThat(o.resultExample()).as(integration.id() + " " + o).isPresent();
                    assertThat(o.validateResult(o.resultExample().orElseThrow())).as(integration.id() + " " + o).isEmpty();
                }
            }
        }
    }

    @Test
    void the_bundled_integrations_load_and_mark_card_number_and_cvv_secret() {
        IntegrationRegistry registry = IntegrationRegistry.load(Optional.empty());

        assertThat(registry.all()).extracting(Integration::id)
                .containsExactly("apple-review", "att", "tmobile", "ubereats", "verizon");
        assertThat(registry.find("tmobile").orElseThrow().operation("paymentMethod", "write").orElseThrow().secretArguments())
                .containsExactlyInAnyOrder("cardNumber", "cvv");
    }

    @Test
    void a_result_is_checked_against_its_operations_result_schema() {
        Operation read = IntegrationRegistry.load(Optional.empty()).find("att").orElseThrow()
                .operation("mobileBillingStatement", "read").orElseThrow();

        assertThat(read.validateResult(Json.mapper().readTree("""
                {"billing":[{"periodStart":"2026-10-01","amountDue":42.5,"currency":"USD"}]}"""))).isEmpty();
        assertThat(read.validateResult(Json.mapper().readTree("""
                {"billing":[{"periodStart":"2026-10-01","currency":"USD"}]}""")))
                .extracting(i -> i.path()).containsExactly("result.billing.0.amountDue");
    }

    @Test
    void a_directory_of_definitions_loads_with_shared_schemas() throws IOException {
        write("schemas/x.json", "{\"type\":\"object\"}");
        write("demo.json", """
                {"id":"demo","name":"Demo","resources":[{"name":"thing","operations":{
                  "read":{"description":"Read things.","arguments":null,"result":"x"}}}]}""");

        IntegrationRegistry registry = IntegrationRegistry.load(Optional.of(dir));

        assertThat(registry.find("demo").orElseThrow().operation("thing", "read")).isPresent();
    }

    @Test
    void a_definition_that_is_not_json_fails_start_up_naming_the_file() throws IOException {
        write("broken.json", "{ not json");

        assertThatThrownBy(() -> IntegrationRegistry.load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("broken.json");
    }

    @Test
    void a_definition_missing_fields_fails_start_up_naming_the_file() throws IOException {
        write("demo.json", "{\"id\":\"demo\",\"resources\":[]}");

        assertThatThrownBy(() -> IntegrationRegistry.load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("demo.json");
    }

    @Test
    void a_definition_naming_a_missing_schema_fails_start_up() throws IOException {
        write("demo.json", """
                {"id":"demo","name":"Demo","resources":[{"name":"thing","operations":{
                  "read":{"description":"Read.","arguments":"nope","result":null}}}]}""");

        assertThatThrownBy(() -> IntegrationRegistry.load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("demo.json").hasMessageContaining("schemas/nope.json");
    }

    @Test
    void an_invalid_json_schema_fails_start_up() throws IOException {
        write("demo.json", """
                {"id":"demo","name":"Demo","resources":[{"name":"thing","operations":{
                  "read":{"description":"Read.","arguments":{"type":"banana"},"result":null}}}]}""");

        assertThatThrownBy(() -> IntegrationRegistry.load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("demo.json").hasMessageContaining("JSON Schema");
    }

    @Test
    void an_id_that_does_not_match_its_file_name_fails_start_up() throws IOException {
        write("demo.json", """
                {"id":"other","name":"Demo","resources":[{"name":"thing","operations":{
                  "read":{"description":"Read.","arguments":null,"result":null}}}]}""");

        assertThatThrownBy(() -> IntegrationRegistry.load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must match the file name");
    }

    private void write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
