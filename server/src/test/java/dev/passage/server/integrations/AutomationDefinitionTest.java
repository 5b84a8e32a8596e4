package dev.passage.server.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passage.server.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An integration's automation section is checked at start-up; a broken one names its file. */
class AutomationDefinitionTest {
    @TempDir
    Path dir;

    private static final String HEAD = """
            {"id":"demo","name":"Demo","resources":[{"name":"thing","operations":{
              "read":{"description":"Read things.","arguments":null,"result":{"type":"object"}}}}],
             "automation":""";

    private void demo(String automation) throws IOException {
        Files.writeString(dir.resolve("demo.json"), HEAD + automation + "}", StandardCharsets.UTF_8);
    }

    @Test
    void every_bundled_integration_has_an_automation_for_each_operation() {
        for (Integration integration : IntegrationRegistry.load(Optional.empty()).all()) {
            assertThat(integration.automation()).as(integration.id()).isNotNull();
            for (Integration.Resource r : integration.resources()) {
                for (Operation o : r.operations()) {
                    assertThat(integration.automation().steps(r.name(), o.action()).isPresent())
                            .as(integration.id() + " " + r.name() + "." + o.action()).isTrue();
                }
            }
        }
    }

    @Test
    void a_valid_automation_loads() throws IOException {
        demo("""
                {"baseUrl":{"sandbox":"demo"},"login":{"url":"{{baseUrl}}/in","loggedIn":[{"url":"/home"}]},
                 "operations":{"thing.read":{"steps":[{"command":"navigate","args":{"url":"{{baseUrl}}/things"}},
                   {"extract":{"list":"li","fields":{"name":".name","n":{"selector":".n","number":true}}},"into":"things"}]}}}""");

        assertThat(IntegrationRegistry.load(Optional.of(dir)).find("demo").orElseThrow().automation()).isNotNull();
    }

    @Test
    void an_unknown_command_fails_start_up_naming_the_file() throws IOException {
        demo("""
                {"baseUrl":{"sandbox":"demo"},"login":{"url":"/in","loggedIn":[{"url":"/home"}]},
                 "operations":{"thing.read":{"steps":[{"command":"teleport"}]}}}""");

        assertThatThrownBy(() -> IntegrationRegistry.load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("demo.json");
    }

    @Test
    void a_missing_login_condition_fails_start_up() throws IOException {
        demo("""
                {"baseUrl":{"sandbox":"demo"},"login":{"url":"/in"},
                 "operations":{"thing.read":{"steps":[{"command":"url"}]}}}""");

        assertThatThrownBy(() -> IntegrationRegistry.load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("demo.json");
    }

    @Test
    void steps_for_an_operation_that_does_not_exist_fail_start_up() throws IOException {
        demo("""
                {"baseUrl":{"sandbox":"demo"},"login":{"url":"/in","loggedIn":[{"url":"/home"}]},
                 "operations":{"thing.read":{"steps":[{"command":"url"}]},"thing.write":{"steps":[{"command":"url"}]}}}""");

        assertThatThrownBy(() -> IntegrationRegistry.load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("demo.json")
                .hasMessageContaining("thing.write is not an operation");
    }

    @Test
    void an_operation_without_steps_fails_start_up() throws IOException {
        Files.writeString(dir.resolve("demo.json"), """
                {"id":"demo","name":"Demo","resources":[{"name":"thing","operations":{
                  "read":{"description":"R.","arguments":null,"result":null},
                  "write":{"description":"W.","arguments":null,"result":null}}}],
                 "automation":{"baseUrl":{"sandbox":"demo"},"login":{"url":"/in","loggedIn":[{"url":"/home"}]},
                   "operations":{"thing.read":{"steps":[{"command":"url"}]}}}}""", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> IntegrationRegistry.load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("demo.json")
                .hasMessageContaining("no steps for thing.write");
    }
}
