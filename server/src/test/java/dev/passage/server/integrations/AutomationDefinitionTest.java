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
    void every_bundled_operation_tells_the_person_what_it_does() {
        for (Integration integration : IntegrationRegistry.load(Optional.empty()).all()) {
            integration.automation().operations().forEach((key, steps) -> {
                assertThat(steps.status()).as(integration.id() + " " + key).isNotBlank();
                assertThat(steps.steps()).as(integration.id() + " " + key + " has a step with words of its own")
                        .anySatisfy(step -> assertThat(step.guard().status()).isNotBlank());
            });
        }
    }

    @Test
    void statuses_and_tries_are_read_from_the_file() throws IOException {
        demo("""
                {"baseUrl":{"sandbox":"demo"},"login":{"url":"/in","loggedIn":[{"url":"/home"}],"attempts":5,
                   "mfa":{"selector":"#code","message":"Enter the code Demo sent","attempts":2}},
                 "operations":{"thing.read":{"status":"Reading your things","steps":[
                   {"command":"navigate","args":{"url":"/things"},"status":"Opening your things"},
                   {"command":"url"}]}}}""");

        Automation a = IntegrationRegistry.load(Optional.of(dir)).find("demo").orElseThrow().automation();
        assertThat(a.login().attempts()).hasValue(5);
        assertThat(a.login().mfa().attempts()).hasValue(2);
        assertThat(a.login().mfa().message()).isEqualTo("Enter the code Demo sent");
        Automation.OperationSteps read = a.steps("thing", "read").orElseThrow();
        assertThat(read.status()).isEqualTo("Reading your things");
        assertThat(read.steps()).extracting(step -> step.guard().status()).containsExactly("Opening your things", null);
    }

    @Test
    void a_status_holding_a_template_fails_start_up_since_it_could_show_an_argument() throws IOException {
        demo("""
                {"baseUrl":{"sandbox":"demo"},"login":{"url":"/in","loggedIn":[{"url":"/home"}]},
                 "operations":{"thing.read":{"steps":[{"command":"url","status":"Card {{arguments.cardNumber}}"}]}}}""");

        assertThatThrownBy(() -> IntegrationRegistry.load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("demo.json")
                .hasMessageContaining("automation.operations.thing.read.steps.0.status");
    }

    @Test
    void tries_below_one_fail_start_up() throws IOException {
        demo("""
                {"baseUrl":{"sandbox":"demo"},"login":{"url":"/in","loggedIn":[{"url":"/home"}],"attempts":0},
                 "operations":{"thing.read":{"steps":[{"command":"url"}]}}}""");

        assertThatThrownBy(() -> IntegrationRegistry.load(Optional.of(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("demo.json");
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
